package io.ingestops.ingest;

import io.ingestops.ingest.extract.Extractor;
import io.ingestops.ingest.extract.Extractors;
import io.ingestops.ingest.extract.UnreadableFileException;
import io.ingestops.operation.OperationType;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ingest_files}: each uploaded file is extracted (txt, md, html, pdf), chunked and stored
 * as one document named by its file name; items are files. A file that cannot be read is a
 * per-item failure. Each file is copied to a temporary file for extraction and that file is deleted
 * whatever happens.
 */
@ApplicationScoped
public class IngestFilesHandler implements OperationHandler {

    private final DocumentStore documents;
    private final UploadStore uploads;
    private final Extractors extractors;
    private final TempFiles tempFiles;
    private final TextExtraction extraction;
    private final Chunking chunking;
    private final Inputs inputs;

    public IngestFilesHandler(
            DocumentStore documents,
            UploadStore uploads,
            Extractors extractors,
            TempFiles tempFiles,
            TextExtraction extraction,
            Chunking chunking,
            Inputs inputs) {
        this.documents = documents;
        this.uploads = uploads;
        this.extractors = extractors;
        this.tempFiles = tempFiles;
        this.extraction = extraction;
        this.chunking = chunking;
        this.inputs = inputs;
    }

    @Override
    public OperationType type() {
        return OperationType.INGEST_FILES;
    }

    @Override
    public Object run(JobContext context) throws IOException {
        FilesIngestInput input = inputs.read(context, FilesIngestInput.class);
        List<UploadStore.StoredFile> files = input.files();
        ResultTally tally = new ResultTally();
        context.setTotalItems(files.size());
        for (int i = 0; i < files.size(); i++) {
            UploadStore.StoredFile file = files.get(i);
            context.progress(IngestTextHandler.STAGE, i, tally.failedCount(), file.filename());
            context.pause(chunking.itemDelay());
            Optional<DocumentText> text = extract(context, file, tally);
            if (text.isPresent()) {
                try (DocumentDraft draft =
                        new DocumentDraft(file.filename(), file.sha256(), input.metadata(), text.get(), null)) {
                    tally.written(documents.upsert(context, draft));
                }
            }
            context.reportResult(tally.result());
        }
        context.progress(IngestTextHandler.STAGE, files.size(), tally.failedCount(), null);
        return tally.result();
    }

    private Optional<DocumentText> extract(JobContext context, UploadStore.StoredFile file, ResultTally tally)
            throws IOException {
        Optional<Extractor> extractor = extractors.forFile(file.filename(), file.contentType());
        if (extractor.isEmpty()) {
            tally.failed(file.filename(), "unsupported file type; send .txt, .md, .html or .pdf");
            return Optional.empty();
        }
        Path local = tempFiles.create(suffix(file.filename()));
        try {
            uploads.copyTo(file.uploadId(), local);
            return Optional.of(extraction.extract(extractor.get(), local, context));
        } catch (UnreadableFileException unreadable) {
            tally.failed(file.filename(), unreadable);
            return Optional.empty();
        } finally {
            tempFiles.delete(local);
        }
    }

    private static String suffix(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot >= 0 && filename.length() - dot <= 10
                ? filename.substring(dot).replaceAll("[^A-Za-z0-9.]", "")
                : ".bin";
    }
}
