package io.ingestops.ingest.extract;

import java.io.IOException;
import java.nio.file.Path;

/** Turns one kind of file into plain text, paragraphs separated by blank lines. */
public interface Extractor {

    /**
     * Writes the file's text to {@code sink}, within {@code limits}. Throws {@link
     * UnreadableFileException} with a client-safe reason if it cannot ({@link TooLargeException}
     * over a budget).
     */
    void extract(Path file, TextSink sink, ExtractionLimits limits) throws IOException;
}
