-- The failure policy (issue 13): a worker sends a transiently failed attempt back to pending with
-- its error code (the claim clears it). History records that change with the code as its reason;
-- a stale-heartbeat retry (no error code) is still 'heartbeat_timeout'.
CREATE OR REPLACE FUNCTION operation_history_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO operation_history (tenant_ids, operation_ids, tenants, types, collections, from_statuses,
                                   to_statuses, attempts, actors, reasons)
    SELECT array_agg(DISTINCT n.tenant_id), array_agg(n.id ORDER BY n.id), array_agg(n.tenant_id ORDER BY n.id),
           array_agg(n.type ORDER BY n.id), array_agg(n.collection ORDER BY n.id),
           array_agg(o.status ORDER BY n.id), array_agg(n.status ORDER BY n.id), array_agg(n.attempt ORDER BY n.id),
           array_agg(n.changed_by ORDER BY n.id),
           array_agg(CASE
               WHEN n.status = o.status THEN 'cancel_requested'
               WHEN n.status = 'running' THEN 'claimed'
               WHEN n.status = 'pending' AND n.handed_back THEN 'handed_back'
               WHEN n.status = 'pending' AND n.error_code IS NOT NULL THEN n.error_code
               WHEN n.status = 'pending' THEN 'heartbeat_timeout'
               WHEN n.status = 'failed' THEN coalesce(n.error_code, 'failed')
               WHEN n.status = 'cancelled' AND o.status = 'pending' THEN 'cancel_requested'
               ELSE n.status
           END ORDER BY n.id)
    FROM changed_rows n JOIN previous_rows o ON o.id = n.id
    WHERE n.status <> o.status OR n.cancel_requested <> o.cancel_requested
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;
