package io.ingestops.model;

import io.ingestops.db.Jdbc;
import java.util.ArrayList;
import java.util.List;

/**
 * What must hold once the system is quiet after any sequence of calls and faults. Each check is a
 * query for the rows that break it; any row is a violation, reported with the first few rows.
 */
final class Invariants {

    private static final String[][] CHECKS = {
        {
            "operations still pending or running (or running without a fresh heartbeat)",
            "SELECT id || ' ' || type || ' ' || status FROM operation WHERE status IN ('pending', 'running')"
        },
        {
            "tenant locks held by operations that ended",
            "SELECT l.tenant_id || ' ' || o.id FROM sync_lock l JOIN operation o ON o.id = l.holder_operation_id"
                    + " WHERE o.status NOT IN ('pending', 'running')"
        },
        {
            "documents stored twice under one (tenant, collection, source id)",
            "SELECT tenant_id || ' ' || collection || ' ' || source_id FROM document"
                    + " GROUP BY tenant_id, collection, source_id HAVING count(*) > 1"
        },
        {
            "documents whose chunk rows differ from chunk_count",
            "SELECT d.source_id || ' ' || d.chunk_count FROM document d"
                    + " WHERE chunk_count <> (SELECT count(*) FROM chunk c WHERE c.document_id = d.id)"
        },
        {
            "chunks whose tenant or collection differs from their document's",
            "SELECT c.id::text FROM chunk c JOIN document d ON d.id = c.document_id"
                    + " WHERE c.tenant_id <> d.tenant_id OR c.collection <> d.collection"
        },
        {
            "documents without their text",
            "SELECT d.source_id FROM document d WHERE d.content IS NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM document_text t WHERE t.document_id = d.id)"
        },
        {
            "operations failed with internal_error",
            "SELECT id || ' ' || type || ' ' || coalesce(error_message, '') FROM operation"
                    + " WHERE status = 'failed' AND error_code = 'internal_error'"
        },
        {
            "finished operations whose result lacks a count",
            "SELECT id || ' ' || type FROM operation WHERE status = 'completed' AND NOT jsonb_exists_all(result,"
                    + " array['documents_added', 'documents_updated', 'documents_removed', 'documents_unchanged',"
                    + " 'documents_failed', 'chunks_created', 'failures'])"
        },
        {
            "results whose failure list disagrees with documents_failed",
            "SELECT id || ' ' || type || ' ' || result::text FROM operation WHERE status = 'completed'"
                    + " AND (result ->> 'documents_failed')::int <> jsonb_array_length(result -> 'failures')"
        },
        {
            "completed operations that did not process every item",
            "SELECT id || ' ' || type || ' ' || processed_items || '/' || total_items || ' attempt ' || attempt"
                    + " || ' ' || result::text FROM operation WHERE status = 'completed' AND total_items IS NOT NULL"
                    + " AND processed_items <> total_items"
        },
        {
            "completed text ingests that counted more chunks than their document has",
            "SELECT o.id || ' ' || (o.result ->> 'chunks_created') || ' > ' || d.chunk_count FROM operation o"
                    + " JOIN document d ON d.written_by = o.id WHERE o.status = 'completed' AND o.type = 'ingest_text'"
                    + " AND (o.result ->> 'chunks_created')::int > d.chunk_count"
        }
    };

    /**
     * History (issue 12): every transition has exactly one event, by the right actor. The events of
     * an operation must chain (each one's {@code from} is the previous one's {@code to}, the first
     * has none) and end in its status: a missed or a doubled event breaks the chain. Who: the
     * submitter for a submission, a worker for a claim, the claiming worker for what a worker ends,
     * a reaper only for what reapers do, a user only for what the API does.
     */
    /** The events (V9 stores one row per statement), numbered in the order they were written. */
    private static final String HISTORY =
            "(SELECT e.*, row_number() OVER (ORDER BY row_id, ord) AS id FROM operation_event e)";

    private static final String EVENTS = "WITH h AS (SELECT h.*,"
            + " lag(to_status) OVER (PARTITION BY operation_id ORDER BY id) AS previous_to,"
            + " (SELECT c.actor_id FROM " + HISTORY + " c WHERE c.operation_id = h.operation_id AND c.id < h.id"
            + " AND c.reason = 'claimed' ORDER BY c.id DESC LIMIT 1) AS claimer"
            + " FROM " + HISTORY + " h) ";

    private static final String[][] HISTORY_CHECKS = {
        {
            "history events that do not follow the previous one (a transition missed or recorded twice)",
            EVENTS + "SELECT operation_id || ' ' || coalesce(from_status, '-') || '->' || to_status || ' after '"
                    + " || coalesce(previous_to, '-') FROM h WHERE from_status IS DISTINCT FROM previous_to"
        },
        {
            "operations whose last history event is not their status",
            "SELECT o.id || ' ' || o.status || ' last event ' || coalesce(l.to_status, 'none') FROM operation o"
                    + " LEFT JOIN LATERAL (SELECT to_status FROM " + HISTORY + " x WHERE operation_id = o.id"
                    + " ORDER BY id DESC LIMIT 1) l ON true WHERE l.to_status IS DISTINCT FROM o.status"
        },
        {
            "history events by the wrong actor",
            EVENTS + "SELECT operation_id || ' ' || coalesce(from_status, '-') || '->' || to_status || ' ' || reason"
                    + " || ' by ' || actor_kind || ':' || coalesce(actor_id, '') || ' (claimer ' || coalesce(claimer, '-')"
                    + " || ')' FROM h WHERE NOT CASE actor_kind"
                    + " WHEN 'user' THEN actor_id = 'test-' || tenant_id AND (reason IN ('submitted', 'cancel_requested',"
                    + " 'superseded') OR reason LIKE 'retry of %') AND (reason = 'superseded') = (to_status = 'failed')"
                    + " WHEN 'worker' THEN actor_id LIKE 'model-%' AND from_status = 'running'"
                    + " AND to_status <> 'running' AND actor_id = claimer"
                    + " OR reason = 'claimed' AND from_status = 'pending' AND to_status = 'running'"
                    + " WHEN 'reaper' THEN from_status = 'running' AND (actor_id = 'stale-heartbeat'"
                    + " AND reason IN ('heartbeat_timeout', 'cancelled') OR actor_id = 'deadline'"
                    + " AND reason = 'deadline_exceeded')"
                    + " ELSE false END"
        },
        {
            "claims not recorded as the worker's",
            "SELECT operation_id || ' ' || actor_kind FROM operation_event WHERE to_status = 'running'"
                    + " AND from_status = 'pending' AND (reason <> 'claimed' OR actor_kind <> 'worker')"
        }
    };

    private Invariants() {}

    static List<String> check(Jdbc jdbc) {
        List<String> violations = new ArrayList<>();
        for (String[] check : concat(CHECKS, HISTORY_CHECKS)) {
            List<String> rows = jdbc.query(check[1], s -> {}, row -> row.getString(1));
            if (!rows.isEmpty()) {
                violations.add(rows.size() + " " + check[0] + ", e.g. " + rows.subList(0, Math.min(3, rows.size())));
            }
        }
        return violations;
    }

    /** The model's accepted cancels that left no cancel request in history (by that tenant's user). */
    static List<String> unrecordedCancels(Jdbc jdbc, List<String> cancelledIds) {
        List<String> missing = new ArrayList<>();
        for (String id : cancelledIds) {
            long requests = jdbc.query(
                            "SELECT count(*) FROM operation_event WHERE operation_id = ?::uuid"
                                    + " AND reason = 'cancel_requested' AND actor_kind = 'user'",
                            s -> s.setString(1, id),
                            row -> row.getLong(1))
                    .get(0);
            if (requests == 0) {
                missing.add(id + " has no cancel request in its history");
            }
        }
        return missing.isEmpty() ? List.of() : List.of(missing.size() + " accepted cancels, " + missing);
    }

    private static String[][] concat(String[][] a, String[][] b) {
        String[][] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
