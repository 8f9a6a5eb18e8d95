package io.ingestops.webhook;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

/** A webhook receiver on the loopback interface that records every request and answers as scripted. */
final class TestReceiver implements AutoCloseable {

    record Received(Map<String, List<String>> headers, String body, String path) {
        String header(String name) {
            for (Map.Entry<String, List<String>> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** What to do with the n-th request (0-based): a status, after a pause, with a body. */
    record Answer(int status, long delayMillis, String body, String location) {
        static Answer status(int status) {
            return new Answer(status, 0, "", null);
        }
    }

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<String> redirectHits = new ConcurrentLinkedQueue<>();
    private volatile IntFunction<Answer> script = n -> Answer.status(200);
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);

    TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int n;
            synchronized (received) {
                n = received.size();
                received.add(new Received(
                        Map.copyOf(exchange.getRequestHeaders()),
                        body,
                        exchange.getRequestURI().getPath()));
            }
            Answer answer = script.apply(n);
            try {
                if (answer.delayMillis() > 0) {
                    // a receiver slower than the service's read timeout: it holds its answer (until closed)
                    closed.await(answer.delayMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
                }
                if (answer.location() != null) {
                    exchange.getResponseHeaders().add("Location", answer.location());
                }
                byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(out);
                    }
                }
            } catch (InterruptedException | IOException e) {
                // the client gave up (a timeout under test)
            } finally {
                exchange.close();
            }
        });
        server.createContext("/elsewhere", exchange -> {
            redirectHits.add(exchange.getRequestURI().toString());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    void answer(IntFunction<Answer> script) {
        this.script = script;
    }

    String url(String host) {
        return "http://" + host + ":" + server.getAddress().getPort() + "/hook";
    }

    String elsewhere() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/elsewhere";
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
