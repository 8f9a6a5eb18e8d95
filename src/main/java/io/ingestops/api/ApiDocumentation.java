package io.ingestops.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The OpenAPI document's frame: title, the bearer-token scheme every /api call needs, and the tags. */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Ingest Operations Service",
                        version = "1",
                        license =
                                @org.eclipse.microprofile.openapi.annotations.info.License(
                                        name = "Proprietary",
                                        url = "https://ingestops.dev/license"),
                        description =
                                "Long-running document-ingestion operations: submit work (202 + operation), follow it"
                                        + " (poll, long-poll, server-sent events), cancel or retry it. Errors are RFC 9457"
                                        + " application/problem+json with a stable `code`. Another tenant's operation or collection"
                                        + " is 404."),
        security = @SecurityRequirement(name = "bearer"),
        tags = {
            @Tag(name = "ingest", description = "Submit text, message batches and files"),
            @Tag(name = "operations", description = "Follow, cancel and retry operations"),
            @Tag(name = "collections", description = "What was ingested, search, reindex, removal"),
            @Tag(name = "sync", description = "Sync a collection with a folder under the sync root"),
            @Tag(name = "admin", description = "Operator calls (group admin)"),
            @Tag(name = "schedules", description = "Recurring syncs (Unix cron in a time zone)")
        })
@SecurityScheme(
        securitySchemeName = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        bearerFormat = "JWT",
        description = "RS256 JWT; claim tenant_id names the tenant, groups may contain admin")
public class ApiDocumentation extends Application {}
