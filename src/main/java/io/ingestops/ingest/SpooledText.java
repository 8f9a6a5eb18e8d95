package io.ingestops.ingest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Extracted text in a UTF-8 scratch file of the replica; deleted on close. */
final class SpooledText implements DocumentText {

    private final Path file;
    private final long length;
    private final TempFiles tempFiles;

    SpooledText(Path file, long length, TempFiles tempFiles) {
        this.file = file;
        this.length = length;
        this.tempFiles = tempFiles;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public Reader open() throws IOException {
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        tempFiles.delete(file);
    }
}
