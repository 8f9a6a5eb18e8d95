package io.ingestops.ingest;

import io.ingestops.config.IngestConfig;
import io.ingestops.ingest.extract.ExtractionLimits;
import io.ingestops.ingest.extract.Extractor;
import io.ingestops.ingest.extract.TextSink;
import io.ingestops.ingest.extract.UnreadableFileException;
import io.ingestops.worker.JobContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Extracts a file's text into a scratch file of the replica, under the {@code ingest.limits.*}
 * budgets and the job's checkpoints: the text is never one value in memory, and what a file costs
 * is bounded by what it may yield.
 */
@ApplicationScoped
public class TextExtraction {

    private final TempFiles tempFiles;
    private final ExtractionLimits limits;

    public TextExtraction(TempFiles tempFiles, IngestConfig config) {
        this.tempFiles = tempFiles;
        IngestConfig.Limits l = config.limits();
        this.limits = new ExtractionLimits(l.extractedChars(), l.pdfPages(), l.pdfStreamBytes(), l.htmlBytes());
    }

    /**
     * The file's text, spooled; close it once written. Throws {@link UnreadableFileException} (a
     * per-item failure) for a file that cannot be read, has no text, or is over a budget.
     */
    public DocumentText extract(Extractor extractor, Path file, JobContext job) throws IOException {
        Path spool = tempFiles.create(".txt");
        boolean spooled = false;
        try {
            TextSink sink = new TextSink(
                    Files.newBufferedWriter(spool, StandardCharsets.UTF_8), limits.extractedChars(), job::checkpoint);
            try (sink) {
                extractor.extract(file, sink, limits);
            }
            if (!sink.hasText()) {
                throw new UnreadableFileException("no text found in the file");
            }
            spooled = true;
            return new SpooledText(spool, sink.chars(), tempFiles);
        } finally {
            if (!spooled) {
                tempFiles.delete(spool);
            }
        }
    }
}
