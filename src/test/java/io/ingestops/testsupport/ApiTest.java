package io.ingestops.testsupport;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base of API tests: a clean database and the application's own worker running. */
public abstract class ApiTest {

    protected static final String ACME = Tokens.tenant("acme");
    protected static final String GLOBEX = Tokens.tenant("globex");

    @Inject
    protected Database db;

    @Inject
    protected Fixtures fixtures;

    @Inject
    protected TestNodes nodes;

    @BeforeEach
    void cleanDatabase() {
        nodes.resumeApplicationNode();
        db.clean();
    }

    @AfterEach
    void stopTestNodes() {
        nodes.stopAll();
        nodes.resumeApplicationNode();
    }

    protected static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** Submits text for acme and answers the new operation's id. */
    protected static String submitText(String collection, String text) {
        return as(ACME).body(Map.of("collection", collection, "text", text))
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(202)
                .extract()
                .path("id");
    }

    /** A text of about {@code chunks} chunks of the test profile's 200-character chunk size. */
    protected static String longText(int chunks) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < chunks; i++) {
            text.append("Paragraph ")
                    .append(i)
                    .append(" talks about indexing pipelines and search relevance. ")
                    .append("It is long enough to fill most of one chunk of text on its own, more or less.\n\n");
        }
        return text.toString();
    }
}
