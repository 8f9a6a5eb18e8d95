package io.ingestops.model;

import static io.restassured.RestAssured.given;

import io.ingestops.testsupport.Database;
import io.ingestops.testsupport.SourceFolders;
import io.ingestops.testsupport.TestNodes;
import io.ingestops.testsupport.Tokens;
import io.ingestops.worker.WorkerNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One randomized run of the model test: a seeded sequence of client calls (every operation type,
 * cancels, retries, hostile inputs) interleaved with faults (a replica stopped, killed or frozen, the
 * database connections cut) over two worker nodes of the real application, against real PostgreSQL.
 * It records every violation it sees; {@link RandomizedModelTest} checks the invariants once the
 * system is quiet. The same seed gives the same sequence of actions (the threads' timing differs).
 */
final class ModelRun {

    /** HTTP answers a call may get without that being a defect, by action. */
    private static final Map<String, Set<Integer>> EXPECTED = Map.ofEntries(
            Map.entry("text", Set.of(202)),
            Map.entry("batch", Set.of(202)),
            Map.entry("files", Set.of(202)),
            Map.entry("sync", Set.of(202, 409)),
            Map.entry("reindex", Set.of(202, 404, 409)),
            Map.entry("remove-source", Set.of(202, 404)),
            Map.entry("delete", Set.of(202, 404, 409)),
            Map.entry("cancel", Set.of(200, 409)),
            Map.entry("retry", Set.of(202, 409)),
            Map.entry("hostile", Set.of(400, 403, 404, 413, 414, 431)));

    private final long seed;
    private final Random random;
    private final Database db;
    private final TestNodes nodes;
    private final String jdbcUrl;
    private final List<String> violations = new ArrayList<>();
    private final List<String> tenants = List.of("acme", "globex");
    private final Map<String, String> tokens = Map.of("acme", Tokens.tenant("acme"), "globex", Tokens.tenant("globex"));
    private final Map<String, List<String>> operations = Map.of("acme", new ArrayList<>(), "globex", new ArrayList<>());
    /** The lock-taking ones (sync, reindex, delete): retries and cancels favour them, where the tenant lock is tested. */
    private final Map<String, List<String>> locking = Map.of("acme", new ArrayList<>(), "globex", new ArrayList<>());

    private final Map<String, List<SourceFolders>> folders =
            Map.of("acme", new ArrayList<>(), "globex", new ArrayList<>());
    private final List<WorkerNode> live = new ArrayList<>();
    private final List<WorkerNode> stalled = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    /** Operations whose cancel the API accepted (200): each must have a cancel request in its history. */
    private final List<String> acceptedCancels = new ArrayList<>();

    private int generation;
    private boolean connectionsCut;

    ModelRun(long seed, Database db, TestNodes nodes, String jdbcUrl) {
        this.seed = seed;
        this.random = new Random(seed);
        this.db = db;
        this.nodes = nodes;
        this.jdbcUrl = jdbcUrl;
    }

    List<String> violations() {
        return violations;
    }

    List<String> acceptedCancels() {
        return acceptedCancels;
    }

    /** The actions taken, for the report of a failed run. */
    List<String> log() {
        return log;
    }

    void start() {
        live.add(nodes.startReplica(nextWorkerId()));
        live.add(nodes.startReplica(nextWorkerId()));
        for (String tenant : tenants) {
            for (int f = 0; f < 2; f++) {
                SourceFolders folder = SourceFolders.create();
                for (int i = 0; i < 4; i++) {
                    folder.write(
                            "doc" + i + ".txt", "File " + i + " of folder " + f + " for " + tenant + ". " + filler());
                }
                folders.get(tenant).add(folder);
            }
        }
    }

    /** Takes one random step and checks the invariant that must hold at every moment. */
    void step() {
        String tenant = tenants.get(random.nextInt(tenants.size()));
        int dice = random.nextInt(100);
        connectionsCut = false;
        if (dice < 18) {
            submit(
                    tenant,
                    "text",
                    "/api/v1/ingest/text",
                    Map.of(
                            "collection",
                            collection(),
                            "text",
                            "Model text " + random.nextInt(1000) + ". " + filler(),
                            "source_id",
                            "s" + random.nextInt(4)));
        } else if (dice < 25) {
            submit(
                    tenant,
                    "batch",
                    "/api/v1/ingest/batch",
                    Map.of(
                            "collection",
                            collection(),
                            "messages",
                            List.of(
                                    Map.of("id", "m" + random.nextInt(5), "text", "A message. " + filler()),
                                    Map.of(
                                            "id",
                                            "bad",
                                            "text",
                                            random.nextBoolean() ? "nul \u0000 inside" : "fine text"))));
        } else if (dice < 30) {
            uploadFile(tenant);
        } else if (dice < 40) {
            SourceFolders folder = folders.get(tenant).get(random.nextInt(2));
            submit(tenant, "sync", "/api/v1/sync", Map.of("collection", collection(), "source", folder.source()));
        } else if (dice < 45) {
            submit(tenant, "reindex", "/api/v1/collections/" + collection() + "/reindex", Map.of());
        } else if (dice < 49) {
            submit(
                    tenant,
                    "remove-source",
                    "/api/v1/collections/" + collection() + "/remove-source",
                    Map.of("source_id", "s" + random.nextInt(4)));
        } else if (dice < 51) {
            call(
                    tenant,
                    "delete",
                    given().auth().oauth2(tokens.get(tenant)).delete("/api/v1/collections/" + collection()));
        } else if (dice < 61) {
            pick(tenant, id -> call(tenant, "cancel", as(tenant).post("/api/v1/operations/" + id + "/cancel")));
        } else if (dice < 69) {
            pick(tenant, id -> {
                Response answer = call(tenant, "retry", as(tenant).post("/api/v1/operations/" + id + "/retry"));
                if (answer.statusCode() == 202) {
                    operations.get(tenant).add(answer.path("id"));
                    if (locking.get(tenant).contains(id)) {
                        locking.get(tenant).add(answer.path("id"));
                    }
                }
            });
        } else if (dice < 75) {
            mutateFolder(tenant);
        } else if (dice < 80) {
            hostile(tenant);
        } else if (dice < 84) {
            stopReplica();
        } else if (dice < 88) {
            killReplica();
        } else if (dice < 91) {
            freezeReplica();
        } else if (dice < 95) {
            cutConnections();
        } else if (dice < 98) {
            cancelSyncAndRetry(tenant);
        } else {
            log.add("pause");
        }
        checkOneLockHolderPerTenant();
    }

    /** Ends every fault: frozen replicas are killed, and two healthy replicas run, so the work can finish. */
    void heal() {
        stalled.forEach(node -> {
            node.halt();
            nodes.forget(node);
        });
        stalled.clear();
        while (live.size() < 2) {
            live.add(nodes.startReplica(nextWorkerId()));
        }
    }

    private void submit(String tenant, String action, String path, Map<String, Object> body) {
        Response answer = call(tenant, action, as(tenant).body(body).post(path));
        if (answer.statusCode() == 202) {
            operations.get(tenant).add(answer.path("id"));
            if (Set.of("sync", "reindex", "delete").contains(action)) {
                locking.get(tenant).add(answer.path("id"));
            }
        }
    }

    /** What a hurried client does: cancel its sync, start another, then retry the first. */
    private void cancelSyncAndRetry(String tenant) {
        SourceFolders folder = folders.get(tenant).get(random.nextInt(2));
        submit(tenant, "sync", "/api/v1/sync", Map.of("collection", collection(), "source", folder.source()));
        List<String> latest = locking.get(tenant);
        if (latest.isEmpty()) {
            return;
        }
        String first = latest.get(latest.size() - 1);
        call(tenant, "cancel", as(tenant).post("/api/v1/operations/" + first + "/cancel"));
        submit(tenant, "sync", "/api/v1/sync", Map.of("collection", collection(), "source", folder.source()));
        Response retried = call(tenant, "retry", as(tenant).post("/api/v1/operations/" + first + "/retry"));
        if (retried.statusCode() == 202) {
            operations.get(tenant).add(retried.path("id"));
            locking.get(tenant).add(retried.path("id"));
        }
    }

    private void uploadFile(String tenant) {
        Response answer = call(
                tenant,
                "files",
                given().auth()
                        .oauth2(tokens.get(tenant))
                        .multiPart("collection", collection())
                        .multiPart(
                                "file",
                                "upload" + random.nextInt(3) + ".txt",
                                ("Uploaded text " + random.nextInt(100) + ". " + filler())
                                        .getBytes(StandardCharsets.UTF_8),
                                "text/plain")
                        .post("/api/v1/ingest/files"));
        if (answer.statusCode() == 202) {
            operations.get(tenant).add(answer.path("id"));
        }
    }

    private void hostile(String tenant) {
        String[] paths = {
            "/api/v1/collections/%00/documents",
            "/api/v1/operations?collection=%00",
            "/api/v1/operations?page_token=AAAA",
            "/api/v1/collections/" + collection() + "/documents?page_token=AAAA.AAAA",
            "/api/v1/operations/not-an-id"
        };
        String path = paths[random.nextInt(paths.length)];
        call(
                tenant,
                "hostile",
                given().auth()
                        .oauth2(tokens.get(tenant))
                        .urlEncodingEnabled(false)
                        .get(path));
        call(
                tenant,
                "hostile",
                as(tenant)
                        .body("{\"collection\": \"c\", \"text\": \"\\ud800\"}")
                        .post("/api/v1/ingest/text"));
    }

    private void mutateFolder(String tenant) {
        SourceFolders folder = folders.get(tenant).get(random.nextInt(2));
        String file = "doc" + random.nextInt(14) + ".txt";
        if (random.nextInt(4) == 0) {
            folder.deleteIfExists(file);
        } else {
            folder.write(file, "Version " + random.nextInt(1000) + " of " + file + ". " + filler());
        }
        log.add("mutate " + folder.source() + "/" + file);
    }

    private void stopReplica() {
        if (live.isEmpty()) {
            return;
        }
        WorkerNode node = live.remove(random.nextInt(live.size()));
        log.add("stop " + node.workerId());
        nodes.forget(node);
        node.shutdown();
        live.add(nodes.startReplica(nextWorkerId()));
    }

    private void killReplica() {
        if (live.isEmpty()) {
            return;
        }
        WorkerNode node = live.remove(random.nextInt(live.size()));
        log.add("kill " + node.workerId());
        node.halt();
        nodes.forget(node);
        live.add(nodes.startReplica(nextWorkerId()));
    }

    private void freezeReplica() {
        if (live.size() < 2) {
            return;
        }
        WorkerNode node = live.remove(random.nextInt(live.size()));
        log.add("freeze " + node.workerId());
        node.freezeHeartbeats(); // its jobs go on; their writes are refused once another worker takes them over
        stalled.add(node);
        live.add(nodes.startReplica(nextWorkerId()));
    }

    private void cutConnections() {
        log.add("cut connections");
        connectionsCut = true;
        db.terminateEveryOtherConnection();
    }

    private Response call(String tenant, String action, Response answer) {
        int status = answer.statusCode();
        log.add(action + " " + tenant + " -> " + status);
        boolean expected =
                EXPECTED.get(action).contains(status) || (status == 503 && answer.header("Retry-After") != null);
        if (!expected) {
            violations.add(action + " answered " + status + ": " + answer.asString());
        }
        if (action.equals("cancel") && status == 200) {
            acceptedCancels.add(answer.path("id"));
        }
        return answer;
    }

    private void pick(String tenant, Consumer<String> action) {
        List<String> known =
                random.nextBoolean() && !locking.get(tenant).isEmpty() ? locking.get(tenant) : operations.get(tenant);
        if (!known.isEmpty()) {
            // half the time one of the latest: those may still be running
            int from = random.nextBoolean() ? Math.max(0, known.size() - 4) : 0;
            action.accept(known.get(from + random.nextInt(known.size() - from)));
        }
    }

    private void checkOneLockHolderPerTenant() {
        long doubled = countRetrying("SELECT count(*) FROM (SELECT tenant_id FROM operation"
                + " WHERE type IN ('sync', 'reindex', 'delete_collection') AND status IN ('pending', 'running')"
                + " GROUP BY tenant_id HAVING count(*) > 1) t");
        if (doubled > 0) {
            violations.add("a tenant has two active lock-taking operations after: " + log.get(log.size() - 1));
        }
    }

    /** The test's own reads go through a connection of their own: the application's pool may hold cut ones. */
    private long countRetrying(String sql) {
        try (Connection own = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                Statement statement = own.createStatement();
                java.sql.ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private io.restassured.specification.RequestSpecification as(String tenant) {
        return given().auth().oauth2(tokens.get(tenant)).contentType(ContentType.JSON);
    }

    private String collection() {
        return "m" + (1 + random.nextInt(2));
    }

    /** Text of one to thirty sentences, or now and then of forty paragraphs (a job that runs for a second). */
    private String filler() {
        if (random.nextInt(4) == 0) {
            return "A paragraph about replicas, locks and search, long enough to be a chunk of its own.\n\n".repeat(40);
        }
        return "Words about replicas and search. ".repeat(1 + random.nextInt(30));
    }

    private String nextWorkerId() {
        return "model-" + seed + "-" + (generation++);
    }

    /** How many times each action was taken, with its answer: what a run covered. */
    java.util.SortedMap<String, Long> summary() {
        return log.stream()
                .map(entry -> entry.replaceAll(" (acme|globex)", "").replaceAll(" src-\\S+| model-\\S+", ""))
                .collect(java.util.stream.Collectors.groupingBy(
                        entry -> entry, java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    boolean connectionsWereCut() {
        return connectionsCut;
    }
}
