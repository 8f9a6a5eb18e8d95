package io.ingestops.api;

import io.ingestops.ingest.SearchService;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** What was ingested, and search over it. */
@Path("/api/v1/collections")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CollectionResource {

    public record SearchResults(List<SearchService.Hit> results) {}

    private final SearchService search;
    private final CallerTenant tenant;

    public CollectionResource(SearchService search, CallerTenant tenant) {
        this.search = search;
        this.tenant = tenant;
    }

    @GET
    @Path("/{collection}/search")
    public SearchResults search(
            @PathParam("collection") String collection,
            @QueryParam("q") String query,
            @QueryParam("limit") String limitParam) {
        int limit = QueryParams.intInRange("limit", limitParam, 10, 1, 100);
        if (query == null || query.isBlank()) {
            throw ApiException.invalidArgument("q", "must not be blank");
        }
        String tenantId = tenant.id();
        if (!search.collectionExists(tenantId, collection)) {
            throw ApiException.notFound("no collection " + collection);
        }
        return new SearchResults(search.search(tenantId, collection, query, limit));
    }
}
