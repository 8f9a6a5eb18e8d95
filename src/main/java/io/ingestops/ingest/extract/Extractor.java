package io.ingestops.ingest.extract;

import java.io.IOException;
import java.nio.file.Path;

/** Turns one kind of file into plain text, paragraphs separated by blank lines. */
public interface Extractor {

    /** Extracts the file's text; throws {@link UnreadableFileException} with a client-safe reason if it cannot. */
    String extract(Path file) throws IOException;
}
