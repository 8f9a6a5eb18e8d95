package io.ingestops.webhook;

import io.ingestops.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a submission's {@code callback_url} may be called: http(s) only, no credentials,
 * and a host on {@code ingest.webhooks.allowed-hosts} (empty: webhooks are off). The service must
 * not become a way to make requests into the cluster's own network.
 */
@ApplicationScoped
public class CallbackUrls {

    public static final int MAX_LENGTH = 2048;

    /** A callback URL the service will not call; answered 400 naming {@code callback_url}. */
    public static class RefusedException extends RuntimeException {
        public RefusedException(String message) {
            super(message, null, false, false);
        }
    }

    private final Set<String> allowedHosts;

    @jakarta.inject.Inject
    public CallbackUrls(IngestConfig config) {
        this(config.webhooks().allowedHosts().orElse(List.of()));
    }

    CallbackUrls(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream()
                .map(String::trim)
                .filter(host -> !host.isEmpty())
                .map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean enabled() {
        return !allowedHosts.isEmpty();
    }

    /** The URL as it will be called, or null when none was given; {@link RefusedException} otherwise. */
    public String check(String url) {
        if (url == null) {
            return null;
        }
        if (!enabled()) {
            throw new RefusedException("webhooks are off on this service (no ingest.webhooks.allowed-hosts)");
        }
        if (url.isBlank() || url.length() > MAX_LENGTH || url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new RefusedException("must be an http or https URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new RefusedException("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new RefusedException("must use http or https");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedException("must not carry credentials; the signature authenticates the service");
        }
        if (uri.getHost() == null) {
            throw new RefusedException("must name a host");
        }
        if (uri.getRawFragment() != null) {
            throw new RefusedException("must not have a fragment");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowedHosts.contains(host)) {
            throw new RefusedException("host '" + host + "' is not in ingest.webhooks.allowed-hosts");
        }
        return uri.toString();
    }
}
