package io.ingestops.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Describes the problem+json error answers in the OpenAPI document: one {@code Problem} schema, and
 * on every API operation the error statuses it can answer, each with an example.
 */
public class ProblemResponsesFilter implements OASFilter {

    private static final String REF = "#/components/schemas/Problem";

    private static final Map<Integer, String[]> ERRORS = Map.of(
            400,
                    new String[] {
                        "invalid_argument", "The request is malformed or a field is invalid; `errors` lists the fields"
                    },
            401, new String[] {"unauthorized", "No valid bearer token"},
            403, new String[] {"forbidden", "The token lacks the role this call needs, or names no tenant"},
            404, new String[] {"not_found", "No such operation or collection for this tenant"},
            409,
                    new String[] {
                        "sync_in_progress",
                        "Conflicts with the state: sync_in_progress (with active_operation), not_cancellable, not_retryable"
                    },
            413, new String[] {"payload_too_large", "A text, batch, file or body over its limit"},
            422, new String[] {"idempotency_key_reused", "The Idempotency-Key was used with a different request"},
            429, new String[] {"too_many_streams", "Too many event streams open"},
            500, new String[] {"internal", "Unexpected error; logged by the service"});

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().forEach((method, operation) -> describe(path, method, operation));
            }
        });
    }

    private static boolean isSubmission(String path, PathItem.HttpMethod method) {
        return (method == PathItem.HttpMethod.POST
                        && (path.startsWith("/api/v1/ingest/")
                                || path.equals("/api/v1/sync")
                                || path.endsWith("/reindex")
                                || path.endsWith("/remove-source")
                                || path.endsWith("/retry")))
                || (method == PathItem.HttpMethod.DELETE && path.equals("/api/v1/collections/{collection}"));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        if (isSubmission(path, method)) {
            // the resource answers a Response, so the scanner wrote a 200 of no schema: it is the finished operation
            if (path.endsWith("/retry")) {
                operation.getResponses().removeAPIResponse("200");
            } else {
                operation
                        .getResponses()
                        .addAPIResponse(
                                "200",
                                OASFactory.createAPIResponse()
                                        .description("Done: with ?sync=true, the finished operation")
                                        .content(operationContent()));
            }
        }
        if (isSubmission(path, method) && operation.getResponses().getAPIResponse("202") == null) {
            operation
                    .getResponses()
                    .addAPIResponse(
                            "202",
                            OASFactory.createAPIResponse()
                                    .description(
                                            "Accepted: the operation, also at the Location header; poll after Retry-After"
                                                    + " seconds. An idempotent replay answers the original with Idempotent-Replayed: true.")
                                    .content(OASFactory.createContent()
                                            .addMediaType(
                                                    "application/json",
                                                    OASFactory.createMediaType()
                                                            .schema(OASFactory.createSchema()
                                                                    .ref("#/components/schemas/Operation")))));
        }
        for (int status : statuses(path, method)) {
            String[] error = ERRORS.get(status);
            if (operation.getResponses().getAPIResponse(Integer.toString(status)) != null) {
                continue;
            }
            Map<String, Object> example = Map.of(
                    "type", "https://ingestops.dev/problems/" + error[0].replace('_', '-'),
                    "title", error[1].split(";")[0],
                    "status", status,
                    "detail", error[1],
                    "code", error[0]);
            Content content = OASFactory.createContent()
                    .addMediaType(
                            Problems.MEDIA_TYPE,
                            OASFactory.createMediaType()
                                    .schema(OASFactory.createSchema().ref(REF))
                                    .example(example));
            APIResponse response =
                    OASFactory.createAPIResponse().description(error[1]).content(content);
            operation.getResponses().addAPIResponse(Integer.toString(status), response);
        }
    }

    private static Content operationContent() {
        return OASFactory.createContent()
                .addMediaType(
                        "application/json",
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("#/components/schemas/Operation")));
    }

    private static List<Integer> statuses(String path, PathItem.HttpMethod method) {
        if (path.endsWith("/events")) {
            return List.of(400, 401, 404, 429, 500);
        }
        if (path.startsWith("/api/v1/admin")) {
            return List.of(401, 403, 500);
        }
        if (method == PathItem.HttpMethod.GET) {
            return List.of(400, 401, 403, 404, 500);
        }
        if (path.endsWith("/cancel")
                || path.endsWith("/retry")
                || (method == PathItem.HttpMethod.DELETE && path.contains("/operations/"))) {
            return List.of(400, 401, 403, 404, 409, 500);
        }
        return List.of(400, 401, 403, 404, 409, 413, 422, 500);
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details with a stable machine `code`")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("title", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty("code", OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                .addProperty(
                        "errors",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .description("the offending fields, for invalid_argument")
                                .items(OASFactory.createSchema()
                                        .addType(Schema.SchemaType.OBJECT)
                                        .addProperty(
                                                "field",
                                                OASFactory.createSchema().addType(Schema.SchemaType.STRING))
                                        .addProperty(
                                                "message",
                                                OASFactory.createSchema().addType(Schema.SchemaType.STRING))))
                .addProperty(
                        "active_operation",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.OBJECT)
                                .description("for sync_in_progress: the tenant's active operation"))
                .required(List.of("type", "title", "status", "code"));
    }
}
