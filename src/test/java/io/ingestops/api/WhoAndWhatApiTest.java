package io.ingestops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.SampleFiles;
import io.ingestops.testsupport.SourceFolders;
import io.ingestops.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.MultiPartSpecBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §7 "Who and what": every way an operation is read shows who submitted it, its metadata and
 * a summary of its input that never repeats a text or a file's contents; progress carries a rate.
 */
@QuarkusTest
class WhoAndWhatApiTest extends ApiTest {

    private static final String SECRET_TEXT = "The walrus vault code is 4711, never repeat it.";

    @Test
    void anIngestTextShowsItsSubmitterMetadataAndASummaryButNeverItsText() {
        String id = as(ACME).body(Map.of(
                        "collection",
                        "c",
                        "text",
                        SECRET_TEXT,
                        "source_id",
                        "vault-note",
                        "metadata",
                        Map.of("team", "docs", "tags", List.of("a", "b"))))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200)
                .body("submitted_by", equalTo("test-acme"))
                .body("metadata.team", equalTo("docs"))
                .body("metadata.tags[1]", equalTo("b"))
                .body("input.source_id", equalTo("vault-note"))
                .body("input.characters", equalTo(SECRET_TEXT.length()))
                .extract()
                .path("id");
        // every read path: the single GET (JDBC), the list (Hibernate), the stream's first event
        String single = as(ACME).get("/api/v1/operations/" + id).asString();
        String list = as(ACME).get("/api/v1/operations?collection=c").asString();
        assertThat(single).contains("\"submitted_by\":\"test-acme\"").doesNotContain("walrus");
        assertThat(list)
                .contains("\"submitted_by\":\"test-acme\"", "\"characters\":" + SECRET_TEXT.length())
                .doesNotContain("walrus");
        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("progress.items_per_second", greaterThan(0f))
                .body("progress.eta_seconds", equalTo(0));
    }

    @Test
    void eachTypeSummarizesItsInput() {
        as(ACME).body(Map.of(
                        "collection", "slack",
                        "messages", List.of(Map.of("id", "m-1", "text", SECRET_TEXT), Map.of("id", "m-2", "text", "b")),
                        "metadata", Map.of("export", "2026")))
                .queryParam("sync", true)
                .post("/api/v1/ingest/batch")
                .then()
                .statusCode(200)
                .body("input.messages", equalTo(2))
                .body("metadata.export", equalTo("2026"))
                .body("input", equalTo(Map.of("messages", 2)));

        String files = given().auth()
                .oauth2(ACME)
                .multiPart("collection", "uploads")
                .multiPart(new MultiPartSpecBuilder(SECRET_TEXT.getBytes())
                        .controlName("file")
                        .fileName("vault.txt")
                        .mimeType("text/plain")
                        .build())
                .multiPart(new MultiPartSpecBuilder(SampleFiles.pdf("penguins"))
                        .controlName("file")
                        .fileName("birds.pdf")
                        .mimeType("application/pdf")
                        .build())
                .queryParam("sync", true)
                .post("/api/v1/ingest/files")
                .then()
                .statusCode(200)
                .body("input.files", equalTo(List.of("vault.txt", "birds.pdf")))
                .body("metadata", nullValue())
                .extract()
                .asString();
        assertThat(files).doesNotContain("walrus").doesNotContain("upload_set").doesNotContain("sha256");

        SourceFolders folder = SourceFolders.create().write("a.txt", "Alpha talks about anchors.");
        as(ACME).body(Map.of("collection", "handbook", "source", folder.source()))
                .queryParam("sync", true)
                .post("/api/v1/sync")
                .then()
                .statusCode(200)
                .body("input.source", equalTo(folder.source()))
                .body("submitted_by", equalTo("test-acme"));
        as(ACME).body(Map.of("source_id", folder.source() + "/a.txt"))
                .queryParam("sync", true)
                .post("/api/v1/collections/handbook/remove-source")
                .then()
                .statusCode(200)
                .body("input.source_id", equalTo(folder.source() + "/a.txt"));
        as(ACME).body("{}")
                .queryParam("sync", true)
                .post("/api/v1/collections/uploads/reindex")
                .then()
                .statusCode(200)
                .body("input", equalTo(Map.of()));
    }

    @Test
    void aRetryIsSubmittedByWhoeverRetriesItAndKeepsTheDescription() {
        nodes.pauseApplicationNode();
        String id = as(ACME).body(Map.of("collection", "c", "text", "retry me", "metadata", Map.of("k", "v")))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
        as(ACME).post("/api/v1/operations/" + id + "/cancel").then().statusCode(200);
        nodes.resumeApplicationNode();

        String colleague = Tokens.tenant("acme", "colleague");
        String retryId = as(colleague)
                .post("/api/v1/operations/" + id + "/retry")
                .then()
                .statusCode(202)
                .body("submitted_by", equalTo("colleague"))
                .body("metadata.k", equalTo("v"))
                .body("input.characters", equalTo(8))
                .extract()
                .path("id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed"
                .equals(as(ACME).get("/api/v1/operations/" + retryId).path("status")));
        as(ACME).get("/api/v1/operations/" + id).then().body("submitted_by", equalTo("test-acme"));
    }

    @Test
    void aPendingOperationHasNoRateYet() {
        nodes.pauseApplicationNode();
        String id = submitText("c", "waits");
        as(ACME).get("/api/v1/operations/" + id)
                .then()
                .body("progress.items_per_second", nullValue())
                .body("progress.eta_seconds", nullValue());
    }

    private static io.restassured.specification.RequestSpecification given() {
        return io.restassured.RestAssured.given();
    }
}
