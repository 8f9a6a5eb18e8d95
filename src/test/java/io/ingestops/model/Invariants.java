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

    private Invariants() {}

    static List<String> check(Jdbc jdbc) {
        List<String> violations = new ArrayList<>();
        for (String[] check : CHECKS) {
            List<String> rows = jdbc.query(check[1], s -> {}, row -> row.getString(1));
            if (!rows.isEmpty()) {
                violations.add(rows.size() + " " + check[0] + ", e.g. " + rows.subList(0, Math.min(3, rows.size())));
            }
        }
        return violations;
    }
}
