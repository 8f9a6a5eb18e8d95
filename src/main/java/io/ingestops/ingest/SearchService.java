package io.ingestops.ingest;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Ranks a collection's chunks with PostgreSQL full-text search. */
@ApplicationScoped
public class SearchService {

    public record Hit(UUID documentId, String sourceId, int chunkIndex, double score, String snippet) {}

    private final Jdbc jdbc;

    public SearchService(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public List<Hit> search(String tenantId, String collection, String query, int limit) {
        String sql = "SELECT c.document_id, d.source_id, c.chunk_index, ts_rank_cd(c.tsv, q) AS score,"
                + " ts_headline('english', c.content, q, 'MaxFragments=2, MinWords=5, MaxWords=30')"
                + " FROM chunk c JOIN document d ON d.id = c.document_id, websearch_to_tsquery('english', ?) q"
                + " WHERE c.tenant_id = ? AND c.collection = ? AND c.tsv @@ q"
                + " ORDER BY score DESC, c.id LIMIT ?";
        return jdbc.query(
                sql,
                s -> {
                    s.setString(1, query);
                    s.setString(2, tenantId);
                    s.setString(3, collection);
                    s.setInt(4, limit);
                },
                row -> new Hit(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        row.getInt(3),
                        row.getDouble(4),
                        row.getString(5)));
    }
}
