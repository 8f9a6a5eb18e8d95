package io.ingestops.api;

import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationFilter;
import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.OperationType;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Operation listings page by page, for tenants and operators alike: the filter from the query
 * parameters and the signed page token, newest first on (created_at, id), and the page with the
 * token of the next one. A token opens only in the {@code scope} that issued it.
 */
@ApplicationScoped
public class OperationPages {

    private final PageTokens pageTokens;
    private final OperationViews views;

    public OperationPages(PageTokens pageTokens, OperationViews views) {
        this.pageTokens = pageTokens;
        this.views = views;
    }

    public OperationFilter filter(
            String scope, String status, String type, String collection, String limitParam, String pageToken) {
        int limit = QueryParams.intInRange("limit", limitParam, 50, 1, 200);
        PageToken after = pageToken == null || pageToken.isBlank()
                ? null
                : PageToken.fromPosition(pageTokens.open(scope, pageToken));
        return new OperationFilter(
                OperationResource.parseSet("status", status, OperationStatus.class, OperationStatus::fromWire),
                OperationResource.parseSet("type", type, OperationType.class, OperationType::fromWire),
                collection == null || collection.isBlank() ? null : collection,
                limit,
                after == null ? null : after.createdAt(),
                after == null ? null : after.id());
    }

    /** {@code rows} as read with {@code filter}: one more than its limit if a next page exists. */
    public OperationResource.OperationPage page(String scope, OperationFilter filter, List<Operation> rows) {
        int limit = filter.limit();
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            Operation last = rows.get(limit - 1);
            next = pageTokens.issue(scope, new PageToken(last.createdAt, last.id).position());
        }
        return new OperationResource.OperationPage(
                rows.stream().map(views::toView).toList(), next);
    }
}
