package io.ingestops.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.ingestops.db.Jdbc;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.DeadlinePolicy;
import io.ingestops.operation.OperationRepository;
import io.ingestops.operation.OperationType;
import io.ingestops.worker.HandlerRegistry;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.OperationHandler;
import io.ingestops.worker.WorkerNode;
import io.ingestops.worker.WorkerSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * No-op job throughput, all in one run against one PostgreSQL database: the Ingest Operations
 * engine with one worker node and with two, db-scheduler, and JobRunr, each with the same number
 * of worker threads. Jobs are stored before the clock starts; the clock stops when the last one is
 * finished in the database. Commits per job come from pg_stat_database.
 *
 * <pre>java -cp ... io.ingestops.bench.EngineBench JDBC_URL JOBS WORKERS [systems]</pre>
 */
public final class EngineBench {

    /** IngestConfig's defaults for claim-ahead. */
    private static final int DEFAULT_CLAIM_AHEAD = 128;

    /** The best maximum measured here (2026-12-05: 64, 128, 256, 512). */
    private static final int BEST_CLAIM_AHEAD = 256;

    private static final Duration DEFAULT_CLAIM_AHEAD_WAIT = Duration.ofMillis(200);

    private final String url;
    private final int workers;

    private EngineBench(String url, int workers) {
        this.url = url;
        this.workers = workers;
    }

    public static void main(String[] args) throws Exception {
        // the engine logs every transition at INFO; a benchmark of the engine measures the engine
        java.util.logging.Logger.getLogger("").setLevel(Level.WARNING);
        java.util.logging.Logger.getLogger("org.jobrunr").setLevel(Level.SEVERE);
        String url = args[0];
        int jobs = Integer.parseInt(args[1]);
        int workers = Integer.parseInt(args[2]);
        List<String> systems = args.length > 3 ? List.of(args[3].split(",")) : List.of("ingestops", "ingestops-2", "ingestops-best", "ingestops-2-best", "ingestops-no-ahead", "db-scheduler", "jobrunr");
        EngineBench bench = new EngineBench(url, workers);
        System.out.printf(
                "%d no-op jobs, %d worker threads per node; each system first runs %d jobs to warm up%n",
                jobs, workers, jobs / 5);
        for (String system : systems) {
            bench.run(system, jobs / 5);
            System.out.println(bench.run(system, jobs));
        }
        System.exit(0);
    }

    private Result run(String system, int jobs) throws Exception {
        if (system.startsWith("ingestops-ahead-")) { // any maximum: ingestops-ahead-128
            return ingestOps(1, Integer.parseInt(system.substring("ingestops-ahead-".length())), jobs);
        }
        return switch (system) {
                // the service's defaults: adaptive claim-ahead of at most 128, 200 ms wait
            case "ingestops" -> ingestOps(1, DEFAULT_CLAIM_AHEAD, jobs);
            case "ingestops-2" -> ingestOps(2, DEFAULT_CLAIM_AHEAD, jobs);
            case "ingestops-best" -> ingestOps(1, BEST_CLAIM_AHEAD, jobs);
            case "ingestops-2-best" -> ingestOps(2, BEST_CLAIM_AHEAD, jobs);
                // the default before 2026-12-05: claim only what can start
            case "ingestops-no-ahead" -> ingestOps(1, 0, jobs);
            case "db-scheduler" -> dbScheduler(jobs);
            case "jobrunr" -> jobRunr(jobs);
            default -> throw new IllegalArgumentException(system);
        };
    }

    record Result(String system, int jobs, double seconds, long commits) {
        @Override
        public String toString() {
            return String.format(
                    "%-32s %7d jobs in %7.2f s = %7.0f jobs/s, %6.3f commits/job",
                    system, jobs, seconds, jobs / seconds, commits / (double) jobs);
        }
    }

    // ---- Ingest Operations: the service's own WorkerNode with a no-op handler ----

    Result ingestOps(int nodes, int claimAhead, int jobs) throws Exception {
        // the service's schema in a schema of its own, so the systems' tables never meet
        try (AgroalDataSource admin = pool(4, "ingestops")) {
            Flyway.configure()
                    .dataSource(admin)
                    .schemas("ingestops")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            execute(admin, "TRUNCATE operation CASCADE");
            // the jobs as the API would store them (1 000 tenants), inserted before the clock starts; one
            // microsecond apart, as a queue filled over time is: claimed in created_at order, they are read in
            // heap order (with one shared created_at the random ids ordered them, scattering the claims)
            execute(
                    admin,
                    "INSERT INTO operation (id, tenant_id, type, status, collection, input, max_attempts, created_at)"
                            + " SELECT gen_random_uuid(), 'tenant-' || (g % 1000), 'ingest_text', 'pending', 'bench',"
                            + " '{\"text\":\"x\"}', 3, now() + g * interval '1 microsecond'"
                            + " FROM generate_series(1, " + jobs + ") g");
            execute(admin, "VACUUM ANALYZE operation");
            List<WorkerNode> started = new ArrayList<>();
            List<AgroalDataSource> pools = new ArrayList<>();
            OperationHandler noop = new OperationHandler() {
                @Override
                public OperationType type() {
                    return OperationType.INGEST_TEXT;
                }

                @Override
                public Object run(JobContext context) {
                    return null;
                }
            };
            WorkerSettings settings = new WorkerSettings(
                    workers,
                    claimAhead,
                    DEFAULT_CLAIM_AHEAD_WAIT,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(30),
                    WorkerSettings.PROGRESS_INTERVAL,
                    new DeadlinePolicy(
                            Duration.ofSeconds(300), Duration.ofSeconds(10), Duration.ofSeconds(300), Duration.ofHours(2)));
            String name = "ingest-ops, " + nodes + (nodes == 1 ? " node" : " nodes") + ", ahead " + claimAhead;
            String firstUnfinished = "SELECT 1 FROM operation WHERE status IN ('pending', 'running') LIMIT 1";
            return timed(name, jobs, admin, firstUnfinished, () -> {
                for (int n = 0; n < nodes; n++) {
                AgroalDataSource pool = pool(workers + 4, "ingestops");
                pools.add(pool);
                WorkerNode node = new WorkerNode(
                        "bench-" + n,
                        settings,
                        new OperationRepository(new Jdbc(pool)),
                        new HandlerRegistry(List.of(noop)),
                        Executors.newFixedThreadPool(workers),
                        new ObjectMapper(),
                        new OperationMetrics(new SimpleMeterRegistry()));
                node.start();
                started.add(node);
                }
            }, () -> {
                started.forEach(WorkerNode::shutdown);
                pools.forEach(AgroalDataSource::close);
            });
        }
    }

    // ---- db-scheduler: one-time tasks, lock-and-fetch polling (its fastest mode on PostgreSQL) ----

    Result dbScheduler(int jobs) throws Exception {
        try (AgroalDataSource admin = pool(4)) {
            execute(admin, "DROP TABLE IF EXISTS scheduled_tasks");
            // db-scheduler's postgresql_tables.sql
            execute(
                    admin,
                    "CREATE TABLE scheduled_tasks (task_name text NOT NULL, task_instance text NOT NULL,"
                            + " task_data bytea, execution_time timestamptz NOT NULL, picked boolean NOT NULL,"
                            + " picked_by text, last_success timestamptz, last_failure timestamptz,"
                            + " consecutive_failures int, last_heartbeat timestamptz, version bigint NOT NULL,"
                            + " priority smallint, PRIMARY KEY (task_name, task_instance))");
            execute(admin, "CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
            execute(admin, "CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            execute(admin, "CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
            OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((instance, context) -> {});
            SchedulerClient client = SchedulerClient.Builder.create(admin, noop).build();
            Instant now = Instant.now();
            for (int from = 0; from < jobs; from += 1000) {
                List<TaskInstance<?>> batch = new ArrayList<>();
                IntStream.range(from, Math.min(jobs, from + 1000)).forEach(i -> batch.add(noop.instance("job-" + i)));
                client.scheduleBatch(batch, now);
            }
            execute(admin, "VACUUM ANALYZE scheduled_tasks");
            try (AgroalDataSource pool = pool(workers + 4)) {
                Scheduler scheduler = Scheduler.create(pool, noop)
                        .threads(workers)
                        .pollingInterval(Duration.ofSeconds(1))
                        .pollUsingLockAndFetch(0.5, 3.0)
                        .build();
                return timed(
                        "db-scheduler 16.7.1",
                        jobs,
                        admin,
                        "SELECT 1 FROM scheduled_tasks LIMIT 1",
                        scheduler::start,
                        scheduler::stop);
            }
        }
    }

    // ---- JobRunr: enqueued background jobs, PostgreSQL storage ----

    public static void noop() {}

    Result jobRunr(int jobs) throws Exception {
        try (AgroalDataSource admin = pool(4)) {
            try (AgroalDataSource pool = pool(workers + 4)) {
                for (String table : List.of("jobrunr_jobs", "jobrunr_recurring_jobs", "jobrunr_backgroundjobservers")) {
                    executeQuietly(admin, "TRUNCATE " + table);
                }
                // storage first (it creates its tables), jobs next, the clock starts with the server
                PostgresStorageProvider storage = new PostgresStorageProvider(pool);
                JobRunrConfigurationResult configured = JobRunr.configure()
                        .useJsonMapper(new JacksonJsonMapper())
                        .useStorageProvider(storage)
                        .initialize();
                configured.getJobScheduler().enqueue(IntStream.range(0, jobs).boxed(), i -> EngineBench.noop());
                execute(admin, "VACUUM ANALYZE jobrunr_jobs");
                BackgroundJobServer server = new BackgroundJobServer(
                        storage,
                        new JacksonJsonMapper(),
                        null,
                        BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                                .andWorkerCount(workers)
                                .andPollInterval(Duration.ofSeconds(5))); // its minimum
                return timed(
                        "JobRunr 8.7.0",
                        jobs,
                        admin,
                        "SELECT 1 FROM jobrunr_jobs WHERE state <> 'SUCCEEDED' LIMIT 1",
                        server::start,
                        server::stop);
            }
        }
    }

    // ---- plumbing ----

    interface Step {
        void run() throws Exception;
    }

    /** Starts a system, waits until no job is unfinished, stops it: the clock and commit count of every system. */
    private static Result timed(
            String name, int jobs, AgroalDataSource admin, String firstUnfinishedSql, Step start, Step stop)
            throws Exception {
        long commitsBefore = commits(admin);
        long started = System.nanoTime();
        start.run();
        int polls = awaitNone(admin, firstUnfinishedSql);
        double seconds = (System.nanoTime() - started) / 1e9;
        long commits = commits(admin) - commitsBefore - polls;
        stop.run();
        return new Result(name, jobs, seconds, commits);
    }

    private AgroalDataSource pool(int size) throws SQLException {
        return pool(size, "public");
    }

    private AgroalDataSource pool(int size, String schema) throws SQLException {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(cp -> cp.maxSize(size)
                        .connectionFactoryConfiguration(cf -> cf.jdbcUrl(url + "?currentSchema=" + schema)
                                .principal(new NamePrincipal("postgres"))
                                .credential(new SimplePassword("postgres")))));
    }

    /**
     * Polls every 20 ms until the query finds no row; returns the number of polls (each one commit).
     * The query stops at the first unfinished job, so the poll itself costs the database little.
     */
    private static int awaitNone(AgroalDataSource dataSource, String firstUnfinishedSql) throws Exception {
        int polls = 0;
        long giveUp = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < giveUp) {
            polls++;
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement();
                    var rows = s.executeQuery(firstUnfinishedSql)) {
                if (!rows.next()) {
                    return polls;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("jobs not finished within 10 minutes: " + firstUnfinishedSql);
    }

    /** Committed transactions in this database so far (statistics are flushed within a second). */
    private static long commits(AgroalDataSource dataSource) throws Exception {
        Thread.sleep(1500);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                var rows = s.executeQuery(
                        "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(AgroalDataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void executeQuietly(AgroalDataSource dataSource, String sql) {
        try {
            execute(dataSource, sql);
        } catch (SQLException absent) {
            // first run: the table does not exist yet
        }
    }
}
