package io.ingestops.sync;

import io.ingestops.operation.Operation;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;

/** The latest sync of a tenant's collection. */
@ApplicationScoped
public class SyncStatus {

    @Transactional
    public Optional<Operation> latest(String tenantId, String collection) {
        return Operation.<Operation>find(
                        "tenantId = :tenant and collection = :collection and type = :type",
                        Sort.descending("createdAt", "id"),
                        Parameters.with("tenant", tenantId)
                                .and("collection", collection)
                                .and("type", io.ingestops.operation.OperationType.SYNC))
                .firstResultOptional();
    }
}
