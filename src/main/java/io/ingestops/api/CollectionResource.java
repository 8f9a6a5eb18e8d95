package io.ingestops.api;

import io.ingestops.ingest.CollectionCatalog;
import io.ingestops.ingest.CollectionInput;
import io.ingestops.ingest.SearchService;
import io.ingestops.operation.OperationType;
import io.quarkus.security.Authenticated;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What was ingested, search over it, and the collection-wide operations. */
@Path("/api/v1/collections")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "collections")
public class CollectionResource {

    public record Collections(List<CollectionCatalog.CollectionSummary> collections) {}

    public record DocumentPage(
            List<CollectionCatalog.DocumentSummary> documents,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    String nextPageToken) {}

    public record SearchResults(List<SearchService.Hit> results) {}

    /** One of {@code source_id} (one document) and {@code source} (every document a sync of that folder created). */
    public record RemoveSourceRequest(
            @Size(min = 1, max = Names.SOURCE_ID_MAX) String sourceId,
            @Size(min = 1, max = 4096) String source,
            @Min(0) @Max(9) Integer priority,
            @Min(1) @Max(604800) Integer timeoutSeconds,
            @Min(1) @Max(100) Integer maxAttempts,
            String runAt,
            String callbackUrl) {

        OperationRequests.Options options() {
            return new OperationRequests.Options(priority, timeoutSeconds, maxAttempts, runAt, callbackUrl);
        }
    }

    private final CollectionCatalog catalog;
    private final SearchService search;
    private final OperationRequests requests;
    private final PageTokens pageTokens;
    private final SubmissionOptions.OptionalBody optionalBody;
    private final io.ingestops.sync.SyncRoot syncRoot;
    private final io.ingestops.ingest.DocumentStore documents;

    public CollectionResource(
            CollectionCatalog catalog,
            SearchService search,
            OperationRequests requests,
            PageTokens pageTokens,
            SubmissionOptions.OptionalBody optionalBody,
            io.ingestops.sync.SyncRoot syncRoot,
            io.ingestops.ingest.DocumentStore documents) {
        this.syncRoot = syncRoot;
        this.documents = documents;
        this.catalog = catalog;
        this.search = search;
        this.requests = requests;
        this.pageTokens = pageTokens;
        this.optionalBody = optionalBody;
    }

    @Operation(operationId = "listCollections", summary = "The tenant's collections with document and chunk counts")
    @GET
    public Collections list() {
        return new Collections(catalog.collections(requests.tenantId()));
    }

    @GET
    @Operation(operationId = "listDocuments", summary = "A collection's documents, in source-id order, page by page")
    @Path("/{collection}/documents")
    public DocumentPage documents(
            @PathParam("collection") String collection,
            @QueryParam("limit") String limitParam,
            @QueryParam("page_token") String pageToken) {
        int limit = QueryParams.intInRange("limit", limitParam, 50, 1, 200);
        String tenantId = existing(collection);
        String scope = "documents|" + tenantId + "|" + collection;
        String after = pageToken == null || pageToken.isBlank() ? "" : pageTokens.open(scope, pageToken);
        List<CollectionCatalog.DocumentSummary> rows = catalog.documents(tenantId, collection, after, limit);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            next = pageTokens.issue(scope, rows.get(limit - 1).sourceId());
        }
        return new DocumentPage(rows, next);
    }

    @GET
    @Operation(
            operationId = "searchCollection",
            summary = "Full-text search of a collection's chunks, best first, with highlighted snippets")
    @Path("/{collection}/search")
    public SearchResults search(
            @PathParam("collection") String collection,
            @QueryParam("q") String query,
            @QueryParam("limit") String limitParam) {
        int limit = QueryParams.intInRange("limit", limitParam, 10, 1, 100);
        if (query == null || query.isBlank()) {
            throw ApiException.invalidArgument("q", "must not be blank");
        }
        return new SearchResults(search.search(existing(collection), collection, query, limit));
    }

    @POST
    @Operation(
            operationId = "reindexCollection",
            summary = "Re-chunk every document with the current settings (an operation)")
    @Path("/{collection}/reindex")
    public Response reindex(
            @PathParam("collection") String collection,
            String body,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255) String idempotencyKey,
            @QueryParam("sync") boolean sync) {
        return collectionWide(OperationType.REINDEX, collection, optionalBody.read(body), idempotencyKey, sync);
    }

    @POST
    @Operation(operationId = "removeSource", summary = "Delete one document of the collection (an operation)")
    @Path("/{collection}/remove-source")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response removeSource(
            @PathParam("collection") String collection,
            @Valid @NotNull RemoveSourceRequest body,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255) String idempotencyKey,
            @QueryParam("sync") boolean sync) {
        String tenantId = existing(collection);
        if ((body.sourceId() == null) == (body.source() == null)) {
            throw ApiException.invalidArgument(
                    body.source() == null ? "source_id" : "source",
                    "send either source_id (one document) or source (every document a sync of that folder created)");
        }
        CollectionInput input;
        if (body.source() != null) {
            // the folder may be gone already (a reason to remove it): its recorded name then
            String source = syncRoot.recordedName(body.source());
            if (documents.countSynced(tenantId, collection, source) == 0) {
                throw ApiException.notFound(
                        "no documents synced from source '" + source + "' in collection " + collection);
            }
            input = new CollectionInput(collection, null, source);
        } else {
            if (!catalog.hasSource(tenantId, collection, body.sourceId())) {
                throw ApiException.notFound("no source '" + body.sourceId() + "' in collection " + collection);
            }
            input = new CollectionInput(collection, body.sourceId());
        }
        return requests.submit(OperationType.REMOVE_SOURCE, collection, input, body.options(), idempotencyKey, sync);
    }

    @Operation(operationId = "deleteCollection", summary = "Delete every document of the collection (an operation)")
    @DELETE
    @Path("/{collection}")
    public Response delete(
            @PathParam("collection") String collection,
            String body,
            @HeaderParam("Idempotency-Key") @Size(min = 1, max = 255) String idempotencyKey,
            @QueryParam("sync") boolean sync) {
        return collectionWide(
                OperationType.DELETE_COLLECTION, collection, optionalBody.read(body), idempotencyKey, sync);
    }

    /** A collection-wide operation; its type takes the tenant's write lock (409 while a sync is active). */
    private Response collectionWide(
            OperationType type, String collection, SubmissionOptions body, String idempotencyKey, boolean sync) {
        existing(collection);
        SubmissionOptions options = body == null ? SubmissionOptions.NONE : body;
        return requests.submit(
                type, collection, new CollectionInput(collection, null), options.options(), idempotencyKey, sync);
    }

    /** The caller's tenant, once the collection is known to be one of its own (404 otherwise, whoever else has it). */
    private String existing(String collection) {
        String tenantId = requests.tenantId();
        if (!catalog.exists(tenantId, collection)) {
            throw ApiException.notFound("no collection " + collection);
        }
        return tenantId;
    }
}
