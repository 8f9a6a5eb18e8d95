package io.ingestops.ingest.extract;

import java.io.IOException;
import java.io.Writer;

/**
 * Where an extractor writes a file's text. Counts characters against the budget (throwing
 * {@link TooLargeException} past it), drops U+0000 and replaces unpaired surrogates with U+FFFD
 * (PostgreSQL text cannot hold the one and would turn the other into '?'), and gives extractors a
 * checkpoint (cancel, deadline, shutdown) to call between pages.
 */
public final class TextSink implements AutoCloseable {

    private final Writer out;
    private final long maxChars;
    private final Runnable checkpoint;
    private long chars;
    private boolean hasText;
    private char pendingHigh; // a high surrogate waiting for its low half
    private RuntimeException stop;

    public TextSink(Writer out, long maxChars, Runnable checkpoint) {
        this.out = out;
        this.maxChars = maxChars;
        this.checkpoint = checkpoint;
    }

    public void append(CharSequence text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            append(text.charAt(i));
        }
    }

    public void append(char[] buffer, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            append(buffer[i]);
        }
    }

    private void append(char c) throws IOException {
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                write(high);
                write(c);
                return;
            }
            write('\uFFFD');
        }
        if (c == '\u0000') {
            return;
        }
        if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            write('\uFFFD');
        } else {
            write(c);
        }
    }

    private void write(char c) throws IOException {
        if (++chars > maxChars) {
            throw new TooLargeException(
                    "the extracted text is longer than " + maxChars + " characters (ingest.limits.extracted-chars)");
        }
        if (!hasText && !Character.isWhitespace(c)) {
            hasText = true;
        }
        out.write(c);
    }

    /** Between pages or parts: stops the extraction if the job must stop. */
    public void checkpoint() {
        try {
            checkpoint.run();
        } catch (RuntimeException e) {
            stop = e;
            throw e;
        }
    }

    /** What a checkpoint threw, so an extractor that wraps exceptions can tell a stop from a bad file; else null. */
    public RuntimeException stop() {
        return stop;
    }

    public long chars() {
        return chars;
    }

    /** Whether anything but whitespace was written. */
    public boolean hasText() {
        return hasText;
    }

    @Override
    public void close() throws IOException {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            write('\uFFFD');
        }
        out.close();
    }
}
