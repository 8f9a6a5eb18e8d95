package io.ingestops.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SampleFiles;
import io.ingestops.testsupport.SourceFolders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every extraction budget makes a hostile or oversized file one per-item failure {@code too_large}
 * and leaves the other files alone (DESIGN §6 "Bounded work per item"). The test profile sets the
 * budgets low: 300 000 characters, 20 pages, 4 MiB per PDF stream, 256 KiB of HTML. A sync reads
 * files of any size (no request limit applies to them), so it is the way in here.
 */
@QuarkusTest
class ExtractionBudgetTest extends ApiTest {

    @Test
    void eachBudgetIsAPerItemFailureTooLarge() {
        SourceFolders folder = SourceFolders.create()
                .write("fine.txt", "A file well within every budget.")
                .write("long.txt", "word ".repeat(70_000)) // 350 000 characters
                .write("bomb.pdf", SampleFiles.pdfBomb(20_000_000)) // 20 MB decoded
                .write("dense.pdf", SampleFiles.pdfBomb(3_000_000)) // 3 MB decoded, 3 M glyphs on one page
                .write("pages.pdf", SampleFiles.pdf(words(21)))
                .write("big.html", "<html><body><p>" + "text ".repeat(60_000) + "</p></body></html>");
        assertThat(folder.path("bomb.pdf").toFile().length()).isLessThan(200_000);

        JsonPath done = as(ACME).body(Map.of("collection", "budgets", "source", folder.source()))
                .queryParam("sync", true)
                .post("/api/v1/sync")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();

        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getInt("result.documents_added")).isEqualTo(1);
        assertThat(done.getInt("result.documents_failed")).isEqualTo(5);
        Map<String, String> details = failures(done);
        assertThat(details)
                .containsOnlyKeys(prefixed(folder, "long.txt", "bomb.pdf", "dense.pdf", "pages.pdf", "big.html"));
        assertThat(details.get(folder.source() + "/long.txt")).contains("ingest.limits.extracted-chars");
        assertThat(details.get(folder.source() + "/bomb.pdf")).contains("ingest.limits.pdf-stream-bytes");
        assertThat(details.get(folder.source() + "/dense.pdf")).contains("a page of the PDF holds more than");
        assertThat(details.get(folder.source() + "/pages.pdf")).contains("ingest.limits.pdf-pages");
        assertThat(details.get(folder.source() + "/big.html")).contains("ingest.limits.html-bytes");
        assertThat(db.count("SELECT count(*) FROM document WHERE collection = 'budgets'"))
                .isEqualTo(1);
    }

    @Test
    void textWithinTheBudgetIsStoredWholeAndReadBackForReindexing() {
        SourceFolders folder = SourceFolders.create().write("book.txt", longText(1200)); // ~170 000 characters
        JsonPath done = as(ACME).body(Map.of("collection", "book", "source", folder.source()))
                .queryParam("sync", true)
                .post("/api/v1/sync")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(done.getInt("result.documents_added")).isEqualTo(1);
        assertThat(db.count("SELECT sum(length(content)) FROM document_text"))
                .isEqualTo(longText(1200).length());
        long chunks = db.count("SELECT count(*) FROM chunk WHERE collection = 'book'");
        assertThat(done.getInt("result.chunks_created")).isEqualTo((int) chunks);

        as(ACME).post("/api/v1/collections/book/reindex").then().statusCode(202);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> db.count("SELECT count(*) FROM operation WHERE type = 'reindex' AND status = 'completed'")
                        == 1);
        assertThat(db.count("SELECT count(*) FROM chunk WHERE collection = 'book'"))
                .isEqualTo(chunks);
    }

    private static Map<String, String> failures(JsonPath done) {
        List<Map<String, String>> failures = done.getList("result.failures");
        Map<String, String> byItem = new java.util.HashMap<>();
        for (Map<String, String> failure : failures) {
            assertThat(failure.get("reason")).as(failure.get("item")).isEqualTo("too_large");
            byItem.put(failure.get("item"), failure.get("detail"));
        }
        return byItem;
    }

    private static String[] prefixed(SourceFolders folder, String... names) {
        return java.util.Arrays.stream(names)
                .map(n -> folder.source() + "/" + n)
                .toArray(String[]::new);
    }

    private static String[] words(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "word" + i).toArray(String[]::new);
    }
}
