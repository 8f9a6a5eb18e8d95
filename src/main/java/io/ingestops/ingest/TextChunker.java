package io.ingestops.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into chunks of at most {@code size} characters, each starting up to {@code overlap}
 * characters before the previous one ended. Cuts on a paragraph break where one falls in the
 * second half of the window, else on a sentence end, else on whitespace, else hard.
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
        int length = text.length();
        int start = skipWhitespace(text, 0);
        while (start < length) {
            int end = Math.min(start + size, length);
            if (end < length) {
                end = cutPoint(text, start, end);
            }
            String chunk = text.substring(start, end).strip();
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            }
            if (end >= length) {
                break;
            }
            start = nextStart(text, start, end);
        }
        return chunks;
    }

    private int cutPoint(String text, int start, int end) {
        int floor = start + Math.max(1, (end - start) / 2);
        int paragraph = text.lastIndexOf("\n\n", end - 2);
        if (paragraph >= floor) {
            return paragraph + 2;
        }
        for (int i = end - 1; i >= floor; i--) {
            char c = text.charAt(i);
            if ((c == '.' || c == '!' || c == '?')
                    && i + 1 < text.length()
                    && Character.isWhitespace(text.charAt(i + 1))) {
                return i + 1;
            }
        }
        for (int i = end - 1; i >= floor; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i + 1;
            }
        }
        return end;
    }

    private int nextStart(String text, int start, int end) {
        int next = Math.max(start + 1, end - overlap);
        if (next < end) {
            // begin the overlap on a word boundary rather than mid-word
            for (int i = next; i < end; i++) {
                if (Character.isWhitespace(text.charAt(i))) {
                    next = i;
                    break;
                }
            }
        }
        return skipWhitespace(text, next);
    }

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
