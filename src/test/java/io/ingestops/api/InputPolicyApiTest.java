package io.ingestops.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §6 "One input policy at the boundary": every string that enters is refused if it holds
 * U+0000 or an unpaired surrogate (400 naming the field; inside a batch message, a per-item
 * failure); the tenant claim is validated; page tokens are tamper-evident; every 4xx the HTTP layer
 * produces is problem+json. No input produces a 5xx. Each probe here answered 500, or was accepted
 * and coerced, before the policy.
 */
@QuarkusTest
class InputPolicyApiTest extends ApiTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void badBytesInsideBatchMessagesMakeThoseMessagesFailAndTheOthersSucceed() {
        String body =
                """
                {"collection": "bytes", "messages": [
                  {"id": "clean", "text": "A clean message."},
                  {"id": "nul-text", "text": "a\\u0000b"},
                  {"id": "a\\u0000b", "text": "NUL in the id"},
                  {"id": "nul-key", "text": "x", "metadata": {"deep": {"k\\u0000": 1}}},
                  {"id": "nul-value", "text": "x", "metadata": {"list": [{"v": "\\u0000"}]}},
                  {"id": "lone-surrogate", "text": "\\ud800 alone"},
                  {"id": "%s", "text": "an id of 100 000 characters"}
                ]}
                """
                        .formatted("i".repeat(100_000));
        JsonPath done = as(ACME).body(body)
                .queryParam("sync", true)
                .post("/api/v1/ingest/batch")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(done.getInt("result.documents_added")).isEqualTo(1);
        assertThat(done.getInt("result.documents_failed")).isEqualTo(6);
        List<String> items = done.getList("result.failures.item");
        assertThat(items).contains("nul-text", "nul-key", "nul-value", "lone-surrogate", "messages[2]");
        assertThat(done.getString("result.failures.find { it.item == 'nul-text' }.reason"))
                .contains("messages[1].text")
                .contains("NUL");
        assertThat(db.count("SELECT count(*) FROM document WHERE collection = 'bytes'"))
                .isEqualTo(1);
    }

    @Test
    void anUnknownFieldInABatchMessageIsRefused() {
        as(ACME).body("{\"collection\": \"b\", \"messages\": [{\"text\": \"x\"}, {\"text\": \"y\", \"txt\": \"z\"}]}")
                .post("/api/v1/ingest/batch")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("messages[1].txt"));
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }

    @Test
    void badBytesAnywhereElseInAJsonBodyAre400NamingTheField() {
        for (String[] probe : new String[][] {
            {"{\"collection\": \"c\", \"text\": \"\\ud800\"}", "text"},
            {"{\"collection\": \"c\", \"text\": \"\\udc00 low first\"}", "text"},
            {"{\"collection\": \"c\", \"text\": \"x\", \"source_id\": \"a\\u0000\"}", "source_id"},
            {
                "{\"collection\": \"c\", \"text\": \"x\", \"metadata\": {\"a\": {\"b\\u0000\": 1}}}",
                "metadata.a.b\\u0000 (key)"
            },
            {"{\"collection\": \"c\\u0000\", \"text\": \"x\"}", "collection"}
        }) {
            as(ACME).body(probe[0])
                    .post("/api/v1/ingest/text")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_argument"))
                    .body("errors.field", hasItem(probe[1]));
        }
        as(ACME).body("{\"collection\": \"c\", \"source\": \"a\\u0000\"}")
                .post("/api/v1/sync")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("source"));
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }

    @Test
    void badBytesInPathsAndQueriesAre400() {
        String[][] probes = {
            {"GET", "/api/v1/collections/%00/documents"},
            {"GET", "/api/v1/collections/%00/search?q=x"},
            {"POST", "/api/v1/collections/%00/reindex"},
            {"DELETE", "/api/v1/collections/%00"},
            {"GET", "/api/v1/operations?collection=%00"},
            {"GET", "/api/v1/operations?status=%00"},
            {"GET", "/api/v1/sync/status?collection=%00"},
            {"GET", "/api/v1/collections/c/search?q=a%00b"},
            {"GET", "/api/v1/operations?%00=1"},
            {"GET", "/api/v1/operations/%00"}
        };
        for (String[] probe : probes) {
            given().auth()
                    .oauth2(ACME)
                    .urlEncodingEnabled(false)
                    .request(probe[0], probe[1])
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("invalid_argument"));
        }
        as(ACME).header("Idempotency-Key", "k\u00ff")
                .body(Map.of("collection", "c", "text", "a key in Latin-1 is fine"))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202);
    }

    @Test
    void pageTokensAreTamperEvident() {
        for (int i = 0; i < 3; i++) {
            as(ACME).body(Map.of("collection", "pages", "text", "Document " + i, "source_id", "doc-" + i))
                    .queryParam("sync", true)
                    .post("/api/v1/ingest/text")
                    .then()
                    .statusCode(200);
        }
        String documents = as(ACME).queryParam("limit", 1)
                .get("/api/v1/collections/pages/documents")
                .then()
                .statusCode(200)
                .extract()
                .path("next_page_token");
        String operations = as(ACME).queryParam("limit", 1)
                .get("/api/v1/operations")
                .then()
                .statusCode(200)
                .extract()
                .path("next_page_token");
        as(ACME).queryParam("page_token", documents)
                .get("/api/v1/collections/pages/documents")
                .then()
                .statusCode(200);
        as(ACME).queryParam("page_token", operations)
                .get("/api/v1/operations")
                .then()
                .statusCode(200);

        String[][] refused = {
            {"/api/v1/collections/pages/documents", "AAAA"},
            {"/api/v1/collections/pages/documents", "AAAA.AAAA"},
            {"/api/v1/collections/pages/documents", tamper(documents)},
            {"/api/v1/collections/pages/documents", operations},
            {"/api/v1/operations", "AAAA"},
            {"/api/v1/operations", tamper(operations)},
            {"/api/v1/operations", documents}
        };
        for (String[] probe : refused) {
            as(ACME).queryParam("page_token", probe[1])
                    .get(probe[0])
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("page_token"));
        }
        // a token is the tenant's own: another tenant's list refuses it
        as(GLOBEX)
                .queryParam("page_token", operations)
                .get("/api/v1/operations")
                .then()
                .statusCode(400);
    }

    @Test
    void theTenantClaimMustBeAStringOfTheAllowedCharacters() {
        String[] refused = {
            "\"tenant_id\": 42",
            "\"tenant_id\": [\"acme\", \"globex\"]",
            "\"tenant_id\": {\"a\": 1}",
            "\"tenant_id\": \"\\ud800\"",
            "\"tenant_id\": \"\\udc00\"",
            "\"tenant_id\": \"a\\u0000b\"",
            "\"tenant_id\": \"acme corp\"",
            "\"tenant_id\": \"\"",
            "\"tenant_id\": \"" + "t".repeat(129) + "\"",
            "\"tenant_id\": \"acme\", \"nickname\": \"\\ud800\""
        };
        for (String claims : refused) {
            given().auth()
                    .oauth2(Tokens.withRawClaims(claims))
                    .get("/api/v1/operations")
                    .then()
                    .statusCode(403)
                    .contentType("application/problem+json")
                    .body("code", equalTo("forbidden"));
        }
        given().auth()
                .oauth2(Tokens.withRawClaims("\"tenant_id\": \"acme.corp:eu@x_1-2\""))
                .get("/api/v1/operations")
                .then()
                .statusCode(200);
    }

    @Test
    void theHttpLayersOwnRefusalsAreProblemJson() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // a JSON body over the limit sent chunked (no Content-Length): 413, not a parse error
        byte[] big = ("{\"collection\": \"c\", \"text\": \"" + "x".repeat(1_200_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> chunked = http.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/ingest/text"))
                        .header("Authorization", "Bearer " + ACME)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(chunked, 413, "payload_too_large");

        // a multipart body cut off in the middle of a file
        String truncated = "--b\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\nc\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello";
        assertProblem(multipart(http, truncated), 400, "invalid_argument");

        // a thousand file parts
        StringBuilder many =
                new StringBuilder("--b\r\nContent-Disposition: form-data; name=\"collection\"\r\n\r\nc\r\n");
        for (int i = 0; i < 1000; i++) {
            many.append("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f")
                    .append(i)
                    .append(".txt\"\r\nContent-Type: text/plain\r\n\r\nfile ")
                    .append(i)
                    .append("\r\n");
        }
        many.append("--b--\r\n");
        HttpResponse<String> tooMany = multipart(http, many.toString());
        assertThat(tooMany.statusCode()).isIn(400, 413);
        assertThat(tooMany.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        // a long URI and long headers
        HttpResponse<String> longUri = http.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/operations?collection=" + "a".repeat(10_000)))
                        .header("Authorization", "Bearer " + ACME)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(longUri, 414, "uri_too_long");
        HttpResponse<String> longHeader = http.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/operations"))
                        .header("Authorization", "Bearer " + ACME)
                        .header("X-Padding", "p".repeat(30_000))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(longHeader, 431, "headers_too_large");
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }

    @Test
    void everySubmissionAcceptsTheCommonOptions() {
        as(ACME).body(Map.of("collection", "opts", "text", "a document", "source_id", "kept"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        nodes.pauseApplicationNode();
        String reindex = given().auth()
                .oauth2(ACME)
                .post("/api/v1/collections/opts/reindex") // no body, no Content-Type: the defaults
                .then()
                .statusCode(202)
                .body("priority", equalTo(5))
                .extract()
                .path("id");
        as(ACME).post("/api/v1/operations/" + reindex + "/cancel").then().statusCode(200);
        as(ACME).body(Map.of("priority", 9, "max_attempts", 1))
                .post("/api/v1/collections/opts/reindex")
                .then()
                .statusCode(202)
                .body("priority", equalTo(9))
                .body("max_attempts", equalTo(1));
        nodes.resumeApplicationNode();
        as(ACME).body(Map.of("collection", "opts", "text", "to be removed", "source_id", "gone"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200);
        as(ACME).body(Map.of("source_id", "gone", "priority", 8, "max_attempts", 2, "timeout_seconds", 60))
                .post("/api/v1/collections/opts/remove-source")
                .then()
                .statusCode(202)
                .body("priority", equalTo(8))
                .body("max_attempts", equalTo(2));
    }

    private HttpResponse<String> multipart(HttpClient http, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(root.resolve("/api/v1/ingest/files"))
                        .header("Authorization", "Bearer " + ACME)
                        .header("Content-Type", "multipart/form-data; boundary=b")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(new JsonPath(response.body()).getString("code")).isEqualTo(code);
    }

    private static String tamper(String token) {
        char last = token.charAt(0);
        return (last == 'A' ? 'B' : 'A') + token.substring(1);
    }
}
