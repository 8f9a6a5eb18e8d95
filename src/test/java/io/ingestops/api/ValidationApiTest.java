package io.ingestops.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every bad input gets its own clear problem+json answer and changes nothing. */
@QuarkusTest
class ValidationApiTest extends ApiTest {

    @AfterEach
    void nothingWasCreated() {
        assertThat(db.count("SELECT count(*) FROM operation")).isZero();
    }

    private static ValidatableResponse submitRaw(String body) {
        return as(ACME).body(body).post("/api/v1/ingest/text").then().contentType("application/problem+json");
    }

    @Test
    void malformedJson() {
        submitRaw("{\"collection\": \"c\", \"te")
                .statusCode(400)
                .body("code", equalTo("invalid_argument"))
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void emptyBody() {
        submitRaw("").statusCode(400).body("code", equalTo("invalid_argument"));
    }

    @Test
    void unknownField() {
        submitRaw("{\"collection\": \"c\", \"text\": \"x\", \"prority\": 3}")
                .statusCode(400)
                .body("errors.field", hasItem("prority"))
                .body("detail", containsString("unknown field"));
    }

    @Test
    void fieldOfTheWrongType() {
        submitRaw("{\"collection\": \"c\", \"text\": 5}").statusCode(400).body("errors.field", hasItem("text"));
        submitRaw("{\"collection\": \"c\", \"text\": \"x\", \"priority\": \"high\"}")
                .statusCode(400)
                .body("errors.field", hasItem("priority"));
        submitRaw("{\"collection\": \"c\", \"text\": \"x\", \"priority\": 2.5}").statusCode(400);
        submitRaw("[1, 2]").statusCode(400);
    }

    @Test
    void missingAndOutOfRangeFieldsAreAllListed() {
        submitRaw("{\"text\": \"\", \"priority\": 12, \"max_attempts\": 0, \"timeout_seconds\": -1}")
                .statusCode(400)
                .body("errors.field", hasItem("collection"))
                .body("errors.field", hasItem("text"))
                .body("errors.field", hasItem("priority"))
                .body("errors.field", hasItem("max_attempts"))
                .body("errors.field", hasItem("timeout_seconds"));
    }

    @Test
    void nulCharactersAreRefused() {
        submitRaw("{\"collection\": \"c\", \"text\": \"a\\u0000b\"}")
                .statusCode(400)
                .body("errors.field", hasItem("text"));
        submitRaw("{\"collection\": \"c\", \"text\": \"x\", \"metadata\": {\"k\": [\"\\u0000\"]}}")
                .statusCode(400)
                .body("errors.field", hasItem("metadata.k[0]"));
    }

    @Test
    void trailingContentAfterTheBodyIsRefused() {
        submitRaw("{\"collection\": \"c\", \"text\": \"x\"} {\"again\": 1}").statusCode(400);
    }

    @Test
    void aNullBodyIsNamedAsTheBody() {
        submitRaw("null").statusCode(400).body("errors.field", hasItem("body"));
    }

    @Test
    void badCollectionName() {
        submitRaw("{\"collection\": \"../etc\", \"text\": \"x\"}")
                .statusCode(400)
                .body("errors.field", hasItem("collection"));
    }

    @Test
    void oversizedTextIs413() {
        // the %test profile limits text to 200 000 UTF-8 bytes; 70 000 three-byte characters exceed it
        as(ACME).body(Map.of("collection", "c", "text", "€".repeat(70_000)))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("payload_too_large"));
    }

    @Test
    void aBodyOverTheHttpLimitIs413ProblemJson() {
        // the %test profile's HTTP body limit is 2 MiB
        as(ACME).body("{\"collection\": \"c\", \"text\": \"" + "a".repeat(3 * 1024 * 1024) + "\"}")
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("code", equalTo("payload_too_large"));
    }

    @Test
    void notJsonContentType() {
        as(ACME).contentType("text/plain")
                .body("hello")
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
    }

    @Test
    void badUuid() {
        as(ACME).get("/api/v1/operations/not-a-uuid")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("id"));
        as(ACME).post("/api/v1/operations/123/cancel").then().statusCode(400);
    }

    @Test
    void unknownOperationIs404() {
        as(ACME).get("/api/v1/operations/00000000-0000-0000-0000-000000000000")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not_found"));
    }

    @Test
    void outOfRangeListParameters() {
        as(ACME).get("/api/v1/operations?limit=0").then().statusCode(400).body("errors.field", hasItem("limit"));
        as(ACME).get("/api/v1/operations?limit=500").then().statusCode(400);
        as(ACME).get("/api/v1/operations?limit=abc").then().statusCode(400).contentType("application/problem+json");
        as(ACME).get("/api/v1/operations?status=sleeping")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("status"));
        as(ACME).get("/api/v1/operations?page_token=garbage")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("page_token"));
        as(ACME).get("/api/v1/collections/c/search").then().statusCode(400).body("errors.field", hasItem("q"));
    }

    @Test
    void noAnswerLeaksJavaNames() {
        as(ACME).body("{\"collection\": {\"nested\": true}, \"text\": \"x\"}")
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(400)
                .body(not(containsString("java.")))
                .body(not(containsString("Exception")));
    }

    @Test
    void missingOrInvalidTokenIs401() {
        given().contentType("application/json")
                .body("{}")
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("code", equalTo("unauthorized"));
        given().auth()
                .oauth2("not.a.token")
                .get("/api/v1/operations")
                .then()
                .statusCode(401)
                .body("code", equalTo("unauthorized"));
        given().auth()
                .oauth2(io.ingestops.testsupport.Tokens.wrongIssuer("acme"))
                .get("/api/v1/operations")
                .then()
                .statusCode(401);
    }
}
