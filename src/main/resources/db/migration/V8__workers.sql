-- One row per worker node (a replica's engine), written when it starts, refreshed by each round of
-- its heartbeat thread and deleted when it stops cleanly; a row whose last tick is older than
-- stale-after is a lost replica (GET /api/v1/admin/workers). Housekeeping deletes rows lost for
-- longer than the retention period, so each deploy's pod names do not accumulate.
CREATE TABLE worker (
    id           text PRIMARY KEY,
    version      text        NOT NULL,
    capacity     integer     NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    last_tick_at timestamptz NOT NULL DEFAULT now()
);
