package io.ingestops.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Another tenant's operations and collections do not exist for the caller: 404, never 403. */
@QuarkusTest
class TenantIsolationTest extends ApiTest {

    @Test
    void anotherTenantsOperationIsNotFoundOnEveryEndpoint() {
        String id = as(ACME).body(Map.of("collection", "secret", "text", "acme internal plans"))
                .queryParam("sync", true)
                .post("/api/v1/ingest/text")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        String path = "/api/v1/operations/" + id;

        as(GLOBEX).get(path).then().statusCode(404).body("code", equalTo("not_found"));
        as(GLOBEX).get(path + "/wait?timeout=0").then().statusCode(404);
        as(GLOBEX).post(path + "/cancel").then().statusCode(404);
        as(GLOBEX).delete(path).then().statusCode(404);
        as(GLOBEX).post(path + "/retry").then().statusCode(404);
        as(GLOBEX).get("/api/v1/operations").then().statusCode(200).body("operations", hasSize(0));
        as(GLOBEX)
                .get("/api/v1/operations/stats")
                .then()
                .body("by_status.completed", equalTo(0))
                .body("chunks_created", equalTo(0));
        as(GLOBEX).get("/api/v1/collections/secret/search?q=plans").then().statusCode(404);

        as(ACME).get(path).then().statusCode(200);
        as(ACME).get("/api/v1/collections/secret/search?q=plans")
                .then()
                .statusCode(200)
                .body("results", hasSize(1));
    }

    @Test
    void aTokenWithoutATenantIsRefused() {
        String noTenant = io.smallrye.jwt.build.Jwt.issuer("ingest-operations")
                .subject("nobody")
                .sign(java.nio.file.Path.of("dev/dev-jwt-private.pem")
                        .toAbsolutePath()
                        .toUri()
                        .toString());
        as(noTenant).get("/api/v1/operations").then().statusCode(403).body("code", equalTo("forbidden"));
    }
}
