-- Schedules: a recurring sync per row (issue 13). Rows, not in-memory jobs: they survive restarts,
-- and whichever replica ticks first runs a due one. next_due_at is the only thing a tick reads.
CREATE TABLE schedule (
    id                uuid PRIMARY KEY,
    tenant_id         text        NOT NULL,
    collection        text        NOT NULL,
    source            text        NOT NULL,
    cron              text        NOT NULL,
    time_zone         text        NOT NULL,
    priority          smallint    NOT NULL DEFAULT 5 CHECK (priority BETWEEN 0 AND 9),
    created_by        text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    next_due_at       timestamptz NOT NULL,
    last_due_at       timestamptz,
    last_run_at       timestamptz,
    last_operation_id uuid,
    run_count         integer     NOT NULL DEFAULT 0,
    last_skipped_at   timestamptz,
    skipped_count     integer     NOT NULL DEFAULT 0,
    last_skip_reason  text
);
CREATE INDEX schedule_due_idx ON schedule (next_due_at);
CREATE INDEX schedule_tenant_idx ON schedule (tenant_id, created_at, id);

-- One row per (schedule, due time) that was acted on: the database's dedupe, so each due time
-- creates at most one sync however many replicas tick at once, and what happened to it.
CREATE TABLE schedule_run (
    schedule_id  uuid        NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    due_at       timestamptz NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('submitted', 'skipped')),
    operation_id uuid,
    reason       text,
    at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (schedule_id, due_at)
);
CREATE INDEX schedule_run_at_idx ON schedule_run (at);
