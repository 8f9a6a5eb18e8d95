package io.ingestops.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming chunker cuts exactly where the whole-text algorithm of the first version cut,
 * whatever pieces the reader hands it: a reference copy of that algorithm is the oracle, over 400
 * seeded random texts, chunk sizes, overlaps and read sizes.
 */
class TextChunkerStreamingTest {

    @Test
    void streamingChunksEqualTheWholeTextAlgorithm() throws IOException {
        Random random = new Random(20261201L); // seeded: a failure names the case that reproduces it
        String alphabet = "ab .!?\n\t";
        for (int trial = 0; trial < 400; trial++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(401);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            int size = 2 + random.nextInt(59);
            int overlap = random.nextInt(size);
            int readPiece = 1 + random.nextInt(17);
            List<String> streamed = new ArrayList<>();
            int count =
                    new TextChunker(size, overlap).chunks(new PieceReader(text.toString(), readPiece), streamed::add);
            assertThat(streamed)
                    .as(
                            "trial %d: size %d, overlap %d, reads of %d, text %s",
                            trial, size, overlap, readPiece, text.toString().replace("\n", "\\n"))
                    .isEqualTo(referenceSplit(text.toString(), size, overlap));
            assertThat(count).isEqualTo(streamed.size());
        }
    }

    /** A reader that returns at most {@code piece} characters per read, as a file or socket may. */
    private static final class PieceReader extends Reader {
        private final String text;
        private final int piece;
        private int position;

        PieceReader(String text, int piece) {
            this.text = text;
            this.piece = piece;
        }

        @Override
        public int read(char[] buffer, int off, int len) {
            if (position >= text.length()) {
                return -1;
            }
            int n = Math.min(Math.min(len, piece), text.length() - position);
            text.getChars(position, position + n, buffer, off);
            position += n;
            return n;
        }

        @Override
        public void close() {}
    }

    // ---- the first version's algorithm, verbatim in behaviour ----

    static List<String> referenceSplit(String text, int size, int overlap) {
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
            int next = Math.max(start + 1, end - overlap);
            if (next < end) {
                for (int i = next; i < end; i++) {
                    if (Character.isWhitespace(text.charAt(i))) {
                        next = i;
                        break;
                    }
                }
            }
            start = skipWhitespace(text, next);
        }
        return chunks;
    }

    private static int cutPoint(String text, int start, int end) {
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

    private static int skipWhitespace(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
