package io.ingestops.api;

import io.ingestops.history.AuditFilter;
import io.ingestops.history.HistoryEvent;
import io.ingestops.history.OperationHistory;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's audit log: every status change and cancel request of its operations, newest first. */
@Path("/api/v1/audit")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations")
public class AuditResource {

    private final OperationHistory history;
    private final PageTokens pageTokens;
    private final CallerTenant tenant;

    public AuditResource(OperationHistory history, PageTokens pageTokens, CallerTenant tenant) {
        this.history = history;
        this.pageTokens = pageTokens;
        this.tenant = tenant;
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "listAuditEvents",
            summary = "The tenant's history events (who changed which operation, when), newest first, page by page;"
                    + " kept for ingest.audit-retention, also after the operation itself was deleted")
    public HistoryView.AuditPage list(
            @QueryParam("collection") String collection,
            @QueryParam("type") String type,
            @QueryParam("since") String since,
            @QueryParam("until") String until,
            @QueryParam("limit") String limitParam,
            @QueryParam("page_token") String pageToken) {
        int limit = QueryParams.intInRange("limit", limitParam, 50, 1, 200);
        String scope = "audit|" + tenant.id();
        AuditFilter.Position before =
                pageToken == null || pageToken.isBlank() ? null : position(pageTokens.open(scope, pageToken));
        AuditFilter filter = new AuditFilter(
                collection == null || collection.isBlank() ? null : collection,
                OperationResource.parseOneType(type),
                DateTimes.parse("since", since),
                DateTimes.parse("until", until),
                limit,
                before);
        List<HistoryEvent> rows = history.audit(tenant.id(), filter);
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            HistoryEvent last = rows.get(limit - 1);
            next = pageTokens.issue(scope, last.rowId() + ":" + last.ord());
        }
        return new HistoryView.AuditPage(rows.stream().map(HistoryView::inAudit).toList(), next);
    }

    private static AuditFilter.Position position(String position) {
        try {
            int colon = position.indexOf(':');
            return new AuditFilter.Position(
                    Long.parseLong(position.substring(0, colon)), Integer.parseInt(position.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw ApiException.invalidArgument("page_token", "is not a token this service issued for this list");
        }
    }
}
