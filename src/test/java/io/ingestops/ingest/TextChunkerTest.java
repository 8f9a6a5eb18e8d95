package io.ingestops.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextChunkerTest {

    @Test
    void shortTextIsOneChunk() {
        assertThat(new TextChunker(100, 10).split("  Just one sentence.  ")).containsExactly("Just one sentence.");
    }

    @Test
    void blankTextHasNoChunks() {
        assertThat(new TextChunker(100, 10).split(" \n\n ")).isEmpty();
    }

    @Test
    void cutsOnParagraphBreaksWhenTheyFallInTheWindow() {
        String first = "a".repeat(60);
        String second = "b".repeat(60);
        List<String> chunks = new TextChunker(100, 0).split(first + "\n\n" + second);
        assertThat(chunks).containsExactly(first, second);
    }

    @Test
    void cutsOnSentenceEndsBeforeWhitespace() {
        String text = "One short sentence here. Another sentence follows it and goes on for quite a while longer.";
        List<String> chunks = new TextChunker(40, 0).split(text);
        assertThat(chunks.get(0)).isEqualTo("One short sentence here.");
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(40));
    }

    @Test
    void consecutiveChunksOverlapAndCoverTheWholeText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("word").append(i).append(' ');
        }
        List<String> chunks = new TextChunker(100, 20).split(text.toString());
        assertThat(chunks).hasSizeGreaterThan(10);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(100));
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1);
            String firstWord = chunks.get(i).split(" ")[0];
            assertThat(previous)
                    .as("chunk %d starts inside the previous one", i)
                    .contains(firstWord);
        }
        assertThat(chunks.get(chunks.size() - 1)).endsWith("word199");
    }

    @Test
    void textWithoutAnyBreakIsCutHard() {
        List<String> chunks = new TextChunker(10, 2).split("x".repeat(35));
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.length()).isLessThanOrEqualTo(10));
        assertThat(String.join("", chunks).length()).isGreaterThanOrEqualTo(35);
    }

    @Test
    void refusesAnOverlapAsLargeAsTheChunk() {
        assertThatThrownBy(() -> new TextChunker(10, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
