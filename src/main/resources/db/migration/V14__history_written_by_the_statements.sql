-- History of status changes (V9) is written by the statements that change a status, in the same
-- statement (OperationRepository.recorded: a data-modifying CTE), no longer by an AFTER UPDATE
-- trigger. The trigger's transition tables captured every updated row — heartbeats, progress and
-- all — and its join and aggregation cost the engine benchmark a quarter of its throughput
-- (docs/benchmarks.md 2026-12-06). Submissions keep their AFTER INSERT trigger: an insert is not a
-- hot path, and every way in (API, schedules, retries, fixtures) is then recorded.
DROP TRIGGER operation_history_updated ON operation;
DROP FUNCTION operation_history_changed();
