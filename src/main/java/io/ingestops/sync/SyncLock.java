package io.ingestops.sync;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Formula;

/**
 * A tenant's write lock: which operation holds it and since when. Written only by
 * {@link TenantWriteLock} (and released by a trigger when the holder ends); the heartbeat is the
 * holder's own, read through, so holding the lock costs no extra writes.
 */
@Entity
@Table(name = "sync_lock")
public class SyncLock extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "holder_operation_id", insertable = false, updatable = false)
    public UUID holderOperationId;

    @Column(name = "acquired_at", insertable = false, updatable = false)
    public Instant acquiredAt;

    @Formula("(SELECT o.heartbeat_at FROM operation o WHERE o.id = holder_operation_id)")
    public Instant heartbeatAt;
}
