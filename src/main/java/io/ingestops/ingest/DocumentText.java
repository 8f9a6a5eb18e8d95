package io.ingestops.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;

/**
 * A document's text, read as a stream as often as needed: a string for texts that came in a
 * request, a spooled file for extracted files, so a document of any size is never one value in
 * memory. Closing it frees what it holds (a spooled file is deleted).
 */
public interface DocumentText extends AutoCloseable {

    /** Length in characters (UTF-16 units). */
    long length();

    Reader open() throws IOException;

    @Override
    default void close() {}

    static DocumentText of(String text) {
        return new DocumentText() {
            @Override
            public long length() {
                return text.length();
            }

            @Override
            public Reader open() {
                return new StringReader(text);
            }
        };
    }
}
