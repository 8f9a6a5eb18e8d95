package io.ingestops.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * The OpenAPI document as generated clients need it (issue 10, item 12): properties the service
 * writes as {@code null} are typed nullable (OpenAPI 3.1: {@code type: [..., "null"]}, or
 * {@code anyOf} with a reference), the properties it always writes are {@code required}, and
 * schemas nothing references (framework types the scanner met) are dropped, after the
 * problem+json answers are added. A build-stage filter: the document is complete in the jar, and
 * start-up does not run it (as a runtime filter it cost about a fifth of start-up).
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiShapes implements OASFilter {

    /** Per schema: the properties that may be null. Every property of these schemas is always present. */
    static final Set<String> OPERATION_NULLABLE = Set.of(
            "run_at",
            "callback_url",
            "started_at",
            "completed_at",
            "heartbeat_at",
            "deadline_at",
            "expected_duration_seconds",
            "worker_id",
            "result",
            "error",
            "retry_of",
            "submitted_by",
            "metadata",
            "input");

    static final Map<String, Set<String>> NULLABLE = Map.ofEntries(
            Map.entry("Operation", OPERATION_NULLABLE),
            Map.entry("SyncStatusView", OPERATION_NULLABLE),
            Map.entry("Progress", Set.of("stage", "total_items", "current_item", "items_per_second", "eta_seconds")),
            Map.entry("CollectionSummary", Set.of("updated_at")),
            Map.entry("DocumentSummary", Set.of("updated_at")),
            Map.entry("Hit", Set.of("snippet")),
            Map.entry("BulkResult", Set.of("operation", "problem")),
            Map.entry("TimelineEvent", Set.of("from")),
            Map.entry("AuditEvent", Set.of("from")),
            Map.entry("EventActor", Set.of("id")),
            Map.entry("LockView", Set.of("holder", "heartbeat_age_seconds", "heartbeat_alive")),
            Map.entry("DeliveryAttempt", Set.of("status_code", "error", "response_excerpt")),
            Map.entry("Delivery", Set.of("next_attempt_at", "delivered_at", "last_error")),
            Map.entry(
                    "Schedule",
                    Set.of(
                            "created_by",
                            "last_due_at",
                            "last_run_at",
                            "last_operation_id",
                            "last_skipped_at",
                            "last_skip_reason")));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        new ProblemResponsesFilter().filterOpenAPI(openAPI);
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        NULLABLE.forEach((name, nullable) -> {
            Schema schema = schemas.get(name);
            if (schema != null && schema.getProperties() != null) {
                schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
                nullable.forEach(property -> {
                    Schema field = schema.getProperties().get(property);
                    if (field != null) {
                        schema.addProperty(property, nullable(field));
                    }
                });
            }
        });
        Schema upload = schemas.get("UploadForm");
        if (upload != null && upload.getProperties() != null) {
            // one part per file, each a file's bytes (the scanner would make it an array of integer arrays)
            upload.addProperty(
                    "file",
                    OASFactory.createSchema()
                            .addType(Schema.SchemaType.ARRAY)
                            .description("one part per file, each with a filename")
                            .items(OASFactory.createSchema()
                                    .addType(Schema.SchemaType.STRING)
                                    .contentMediaType("application/octet-stream")));
        }
        typeNumericParameters(openAPI);
        dropUnreferenced(openAPI, schemas);
    }

    /** Query parameters the resources parse themselves (to answer 400 rather than 404) are integers on the wire. */
    private static void typeNumericParameters(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                if (operation.getParameters() == null) {
                    continue;
                }
                operation.getParameters().forEach(parameter -> {
                    if ("limit".equals(parameter.getName()) || "timeout".equals(parameter.getName())) {
                        parameter.setSchema(OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .minimum(java.math.BigDecimal.ZERO));
                    }
                });
            }
        }
    }

    private static Schema nullable(Schema field) {
        if (field.getRef() != null) {
            field.setType(null); // a reference stands alone
            return OASFactory.createSchema()
                    .description(field.getDescription())
                    .anyOf(List.of(
                            OASFactory.createSchema().ref(field.getRef()),
                            OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
        }
        if (field.getType() != null && !field.getType().contains(Schema.SchemaType.NULL)) {
            field.addType(Schema.SchemaType.NULL);
        }
        return field;
    }

    /** Removes component schemas that no operation refers to, directly or through a kept schema. */
    private static void dropUnreferenced(OpenAPI openAPI, Map<String, Schema> schemas) {
        Set<String> referenced = new HashSet<>();
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            for (PathItem item : openAPI.getPaths().getPathItems().values()) {
                for (Operation operation : item.getOperations().values()) {
                    if (operation.getParameters() != null) {
                        operation.getParameters().forEach(p -> refs(p.getSchema(), schemas, referenced));
                    }
                    if (operation.getRequestBody() != null) {
                        refs(operation.getRequestBody().getContent(), schemas, referenced);
                    }
                    if (operation.getResponses() != null
                            && operation.getResponses().getAPIResponses() != null) {
                        operation
                                .getResponses()
                                .getAPIResponses()
                                .values()
                                .forEach(r -> refs(r.getContent(), schemas, referenced));
                    }
                }
            }
        }
        for (String name : List.copyOf(schemas.keySet())) {
            if (!referenced.contains(name)) {
                openAPI.getComponents().removeSchema(name);
            }
        }
    }

    private static final String REF = "#/components/schemas/";

    private static void refs(Content content, Map<String, Schema> schemas, Set<String> into) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(media -> refs(media.getSchema(), schemas, into));
        }
    }

    private static void refs(Schema schema, Map<String, Schema> schemas, Set<String> into) {
        if (schema == null) {
            return;
        }
        if (schema.getRef() != null && schema.getRef().startsWith(REF)) {
            String name = schema.getRef().substring(REF.length());
            if (into.add(name)) {
                refs(schemas.get(name), schemas, into);
            }
        }
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(p -> refs(p, schemas, into));
        }
        refs(schema.getItems(), schemas, into);
        refs(schema.getAdditionalPropertiesSchema(), schemas, into);
        refs(schema.getNot(), schemas, into);
        for (List<Schema> group : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (group != null) {
                group.forEach(member -> refs(member, schemas, into));
            }
        }
    }
}
