-- OperationRepository.claim with the default deadline policy, 3 slots; rolled back so every run sees the same table
BEGIN;
WITH next AS (SELECT id, CASE WHEN timeout_seconds IS NOT NULL THEN least(timeout_seconds::float8, 7200)
      ELSE least(7200, greatest(300, 300 + 10 * coalesce(total_items, 0))) END AS expected
    FROM operation WHERE status = 'pending' AND not_before <= now()
    ORDER BY priority DESC, created_at, id LIMIT 3 FOR UPDATE SKIP LOCKED)
UPDATE operation o SET status = 'running', worker_id = 'scale', claim_token = o.claim_token + 1,
    attempt = CASE WHEN o.handed_back AND o.attempt > 0 THEN o.attempt ELSE o.attempt + 1 END,
    handed_back = false, started_at = coalesce(o.started_at, now()), claimed_at = now(),
    heartbeat_at = now(), updated_at = now(), expected_duration_seconds = ceil(next.expected),
    deadline_at = now() + make_interval(secs => next.expected)
  FROM next WHERE o.id = next.id
  RETURNING o.id, o.type, o.tenant_id, o.collection, o.input::text, o.claim_token, o.attempt;
ROLLBACK;
