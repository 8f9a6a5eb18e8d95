-- run_at: the time the submitter asked for (null: at once). not_before, which claims filter on,
-- starts at it; retries move not_before, never run_at.
ALTER TABLE operation ADD COLUMN run_at timestamptz;

-- Fair claiming: start-time fair queuing. Each operation gets a virtual start time (fair_pass) when
-- it is inserted, and claims take pending work by (priority, fair_pass): one index scan, the same
-- statement shape as before, no per-tenant loop. An operation of a tenant with nothing claimable at
-- its priority joins the current round: the pass at the head of that priority's queue (where the
-- last claim left off); one of a tenant with a backlog starts one after the tenant's last. So
-- tenant A's thousand pending operations get passes h, h+1, …, h+999, tenant B's single one
-- submitted after them gets h, beside A's next one: it is in the next claim, and backlogged tenants
-- alternate, one operation each per pass. Hand-backs and stale retries keep their pass (they go
-- first). Within a pass, oldest first.
ALTER TABLE operation ADD COLUMN fair_pass bigint NOT NULL DEFAULT 0;

DROP INDEX operation_claim_idx;
CREATE INDEX operation_claim_idx ON operation (priority DESC, fair_pass, created_at, id) WHERE status = 'pending';
-- A tenant's last pass at a priority, for the next submission's.
CREATE INDEX operation_tenant_pass_idx ON operation (tenant_id, priority, fair_pass) WHERE status = 'pending';

-- A BEFORE INSERT trigger, so every path that creates an operation (the API, retries, schedules, a
-- bulk load) is placed the same way. Two concurrent submissions of one tenant may get the same pass:
-- created_at orders them, and fairness is off by one at most.
CREATE FUNCTION operation_assign_fair_pass() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    head bigint;
    tenant_last bigint;
BEGIN
    SELECT o.fair_pass INTO head FROM operation o
     WHERE o.status = 'pending' AND o.priority = NEW.priority AND o.not_before <= now()
     ORDER BY o.fair_pass LIMIT 1;
    SELECT o.fair_pass INTO tenant_last FROM operation o
     WHERE o.status = 'pending' AND o.tenant_id = NEW.tenant_id AND o.priority = NEW.priority
       AND o.not_before <= now()
     ORDER BY o.fair_pass DESC LIMIT 1;
    -- greatest() skips the null of a tenant with no backlog
    NEW.fair_pass := greatest(coalesce(head, 0), tenant_last + 1);
    RETURN NEW;
END
$$;

CREATE TRIGGER operation_fair_pass BEFORE INSERT ON operation
    FOR EACH ROW EXECUTE FUNCTION operation_assign_fair_pass();
