package io.ingestops.testsupport;

import io.restassured.path.json.JsonPath;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads a server-sent event stream on a thread of its own and keeps every event it got. */
public final class SseClient implements AutoCloseable {

    /** One received event: its id and its data parsed as JSON. */
    public record Event(String name, long id, JsonPath data) {}

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> finished;
    private volatile int status;
    private volatile HttpResponse<java.io.InputStream> response;

    private SseClient(URI uri, String token) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        finished = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenAcceptAsync(r -> {
                    response = r;
                    status = r.statusCode();
                    read(r);
                });
    }

    public static SseClient open(String baseUrl, String path, String token) {
        return new SseClient(URI.create(baseUrl + path), token);
    }

    private void read(HttpResponse<java.io.InputStream> r) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String name = null;
            long id = -1;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(name, id, new JsonPath(data.toString())));
                    }
                    name = null;
                    id = -1;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                }
            }
        } catch (java.io.IOException e) {
            // the stream was cut: what arrived is kept
        }
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    public int status() {
        return status;
    }

    /** True once the server closed the stream. */
    public boolean isFinished() {
        return finished.isDone();
    }

    /** Drops the connection as a client that goes away would. */
    @Override
    public void close() {
        HttpResponse<java.io.InputStream> r = response;
        if (r != null) {
            try {
                r.body().close();
            } catch (java.io.IOException ignored) {
                // already closed
            }
        }
        finished.cancel(true);
    }
}
