// A small load generator for the Ingest Operations Service, with no dependencies:
//   java bench/LoadTest.java throughput URL TOKEN OPS CLIENTS
//   java bench/LoadTest.java latency    URL TOKEN RATE SECONDS
// "throughput" submits OPS tiny ingest_text operations from CLIENTS threads (round-robin over the
// replicas if URL is a comma-separated list) and reports how fast
// they were accepted and how fast the service completed them. "latency" sends POST
// /api/v1/ingest/text and GET /api/v1/operations/{id} at a fixed open-loop RATE (requests per second
// of each kind) and reports their latency percentiles. bench/run-load.sh runs both against a fresh service.
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class LoadTest {

    static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");
    static final Pattern COMPLETED = Pattern.compile("\"by_status\":\\{[^}]*\"completed\":(\\d+)");
    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(64))
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String token = args[2];
        if (mode.equals("throughput")) {
            throughput(url, token, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        } else {
            latency(url, token, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        }
        System.exit(0);
    }

    /** URL may list several replicas, comma-separated: submissions go round-robin across them. */
    static void throughput(String urls, String token, int ops, int clients) throws Exception {
        String[] replicas = urls.split(",");
        String url = replicas[0];
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            all.add(CompletableFuture.runAsync(() -> {
                int i;
                while ((i = next.getAndIncrement()) < ops) {
                    try {
                        HttpResponse<String> r = HTTP.send(
                                submit(replicas[i % replicas.length], token, "tiny text number " + i),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 202) {
                            failures.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
            }, pool));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double submitSeconds = (System.nanoTime() - start) / 1e9;
        long completed;
        do {
            Thread.sleep(50);
            completed = completed(url, token);
        } while (completed < ops - failures.get() && (System.nanoTime() - start) / 1e9 < 600);
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("throughput: %d operations, %d clients, %d submit failures%n", ops, clients, failures.get());
        System.out.printf("  accepted %.0f ops/s (%.2f s)%n", ops / submitSeconds, submitSeconds);
        System.out.printf("  completed %d in %.2f s from first submit: %.0f ops/s end to end%n", completed, totalSeconds, completed / totalSeconds);
        pool.shutdown();
    }

    static void latency(String url, String token, int rate, int seconds) throws Exception {
        String id = extractId(HTTP.send(submit(url, token, "seed"), HttpResponse.BodyHandlers.ofString()).body());
        ConcurrentLinkedQueue<Long> posts = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> gets = new ConcurrentLinkedQueue<>();
        AtomicInteger errors = new AtomicInteger();
        List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        long periodNanos = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long total = (long) rate * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            inFlight.add(timed(submit(url, token, "latency probe " + i), posts, errors, 202));
            inFlight.add(timed(get(url, token, "/api/v1/operations/" + id), gets, errors, 200));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        System.out.printf("latency at %d req/s of each kind for %d s (%d errors):%n", rate, seconds, errors.get());
        report("POST /api/v1/ingest/text", posts);
        report("GET /api/v1/operations/{id}", gets);
    }

    static CompletableFuture<?> timed(HttpRequest request, ConcurrentLinkedQueue<Long> into, AtomicInteger errors, int expected) {
        long sent = System.nanoTime();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
            if (e != null || r.statusCode() != expected) {
                errors.incrementAndGet();
            } else {
                into.add(System.nanoTime() - sent);
            }
            return null;
        });
    }

    static void report(String name, ConcurrentLinkedQueue<Long> samples) {
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            System.out.printf("  %-30s no samples%n", name);
            return;
        }
        System.out.printf("  %-30s n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms%n", name, sorted.size(),
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1e6);
    }

    static double pct(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    static HttpRequest submit(String url, String token, String text) {
        return HttpRequest.newBuilder(URI.create(url + "/api/v1/ingest/text"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"collection\":\"bench\",\"text\":\"" + text + "\"}"))
                .build();
    }

    static HttpRequest get(String url, String token, String path) {
        return HttpRequest.newBuilder(URI.create(url + path)).header("Authorization", "Bearer " + token).GET().build();
    }

    static long completed(String url, String token) throws Exception {
        String body = HTTP.send(get(url, token, "/api/v1/operations/stats"), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = COMPLETED.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static String extractId(String body) {
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no id in " + body);
        }
        return m.group(1);
    }
}
