package io.ingestops.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.ingestops.testsupport.ApiTest;
import io.ingestops.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A verified token is remembered, but never past its expiry, and a bad one is never remembered as good. */
@QuarkusTest
class VerifiedTokensTest extends ApiTest {

    @Test
    void aRememberedTokenStillExpires() {
        String token = Tokens.expiringIn("acme", 3);
        given().auth().oauth2(token).get("/api/v1/operations").then().statusCode(200);
        given().auth().oauth2(token).get("/api/v1/operations").then().statusCode(200); // from the cache
        // the %test profile allows 1 s of clock skew past exp
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() ->
                        given().auth().oauth2(token).get("/api/v1/operations").statusCode() == 401);
    }

    @Test
    void aTamperedOrForeignTokenIsRefusedEveryTime() {
        String token = Tokens.tenant("acme");
        given().auth().oauth2(token).get("/api/v1/operations").then().statusCode(200);
        String[] parts = token.split("\\.");
        // the same header and signature over claims naming another tenant
        String forged = parts[0] + "." + Tokens.tenant("globex").split("\\.")[1] + "." + parts[2];
        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(forged).get("/api/v1/operations").then().statusCode(401);
        }
        given().auth()
                .oauth2(Tokens.wrongIssuer("acme"))
                .get("/api/v1/operations")
                .then()
                .statusCode(401);
    }
}
