-- One round of the reapers' scans (stale heartbeat ×3, deadline, retention, queue depth), rolled back
BEGIN;
UPDATE operation SET status = 'pending', worker_id = NULL, updated_at = now(),
    not_before = now() + make_interval(secs => 30 * power(2, greatest(attempt - 1, 0)))
  WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => 90)
    AND attempt < max_attempts AND NOT cancel_requested RETURNING id, tenant_id, type, status, attempt;
UPDATE operation SET status = 'failed', error_code = 'heartbeat_timeout', completed_at = now(), updated_at = now()
  WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => 90)
    AND attempt >= max_attempts AND NOT cancel_requested RETURNING id, tenant_id, type, status, attempt;
UPDATE operation SET status = 'cancelled', completed_at = now(), updated_at = now()
  WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => 90) AND cancel_requested
  RETURNING id, tenant_id, type, status, attempt;
UPDATE operation SET status = 'failed', error_code = 'deadline_exceeded', completed_at = now(), updated_at = now()
  WHERE status = 'running' AND deadline_at < now() - make_interval(secs => 30)
  RETURNING id, tenant_id, type, status, attempt;
DELETE FROM operation WHERE id IN (SELECT id FROM operation
    WHERE status IN ('completed', 'failed', 'cancelled') AND completed_at < now() - make_interval(secs => 86400)
    LIMIT 1000) AND status IN ('completed', 'failed', 'cancelled');
SELECT count(*) FROM operation WHERE status = 'pending';
ROLLBACK;
