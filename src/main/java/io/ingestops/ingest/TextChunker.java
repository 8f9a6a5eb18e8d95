package io.ingestops.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits text into chunks of at most {@code size} characters, each starting up to {@code overlap}
 * characters before the previous one ended. Cuts on a paragraph break where one falls in the
 * second half of the window, else on a sentence end, else on whitespace, else hard.
 *
 * <p>Streams: it reads the text through a window of about one chunk, so a document of any length
 * is chunked in constant memory.
 */
public final class TextChunker {

    private final int size;
    private final int overlap;

    public TextChunker(int size, int overlap) {
        if (size < 1 || overlap < 0 || overlap >= size) {
            throw new IllegalArgumentException("need size >= 1 and 0 <= overlap < size");
        }
        this.size = size;
        this.overlap = overlap;
    }

    public List<String> split(String text) {
        List<String> chunks = new ArrayList<>();
        try {
            chunks(new StringReader(text), chunks::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return chunks;
    }

    /** Reads {@code text} to its end and hands each chunk to {@code sink} in order; answers how many. */
    public int chunks(Reader text, Consumer<String> sink) throws IOException {
        Window window = new Window(text);
        int count = 0;
        long start = window.skipWhitespace(0);
        while (window.has(start)) {
            long end = start + size;
            if (window.has(end)) {
                end = cutPoint(window, start, end);
            } else {
                end = window.end();
            }
            String chunk = window.substring(start, end).strip();
            if (!chunk.isEmpty()) {
                sink.accept(chunk);
                count++;
            }
            if (!window.has(end)) {
                break;
            }
            start = nextStart(window, start, end);
            window.discardBefore(start);
        }
        return count;
    }

    private static long cutPoint(Window text, long start, long end) throws IOException {
        long floor = start + Math.max(1, (end - start) / 2);
        for (long i = end - 2; i >= floor; i--) {
            if (text.charAt(i) == '\n' && text.charAt(i + 1) == '\n') {
                return i + 2;
            }
        }
        for (long i = end - 1; i >= floor; i--) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?') && text.has(i + 1) && Character.isWhitespace(text.charAt(i + 1))) {
                return i + 1;
            }
        }
        for (long i = end - 1; i >= floor; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i + 1;
            }
        }
        return end;
    }

    private long nextStart(Window text, long start, long end) throws IOException {
        long next = Math.max(start + 1, end - overlap);
        if (next < end) {
            // begin the overlap on a word boundary rather than mid-word
            for (long i = next; i < end; i++) {
                if (Character.isWhitespace(text.charAt(i))) {
                    next = i;
                    break;
                }
            }
        }
        return text.skipWhitespace(next);
    }

    /** The part of a text not yet chunked, addressed by absolute position; read from the reader as needed. */
    private static final class Window {

        private final Reader reader;
        private final char[] readBuffer = new char[8192];
        private final StringBuilder buffer = new StringBuilder();
        private long offset; // absolute position of buffer[0]
        private boolean eof;

        Window(Reader reader) {
            this.reader = reader;
        }

        /** True if the text has a character at {@code position}. */
        boolean has(long position) throws IOException {
            while (position >= offset + buffer.length() && !eof) {
                int read = reader.read(readBuffer);
                if (read < 0) {
                    eof = true;
                } else {
                    buffer.append(readBuffer, 0, read);
                }
            }
            return position < offset + buffer.length();
        }

        char charAt(long position) throws IOException {
            has(position);
            return buffer.charAt((int) (position - offset));
        }

        /** The length of the whole text; reads it to its end. */
        long end() throws IOException {
            has(Long.MAX_VALUE);
            return offset + buffer.length();
        }

        String substring(long from, long to) {
            return buffer.substring((int) (from - offset), (int) (to - offset));
        }

        long skipWhitespace(long from) throws IOException {
            long i = from;
            while (has(i) && Character.isWhitespace(charAt(i))) {
                i++;
            }
            return i;
        }

        void discardBefore(long position) {
            int drop = (int) Math.min(buffer.length(), position - offset);
            if (drop > 0) {
                buffer.delete(0, drop);
                offset += drop;
            }
        }
    }
}
