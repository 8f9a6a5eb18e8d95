package io.ingestops.api.input;

import io.ingestops.api.ApiException;
import io.ingestops.api.Problems;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The input policy for what arrives outside the body: every path parameter, query parameter (name
 * and value) and the {@code Idempotency-Key} header, decoded, before any resource sees it. A refused
 * one is 400 {@code invalid_argument} naming it.
 */
public class ParameterPolicy {

    static final List<String> CHECKED_HEADERS = List.of("Idempotency-Key");

    @ServerRequestFilter
    public Response check(UriInfo uri, HttpHeaders headers) {
        Response refused = check(uri.getPathParameters(), "");
        if (refused == null) {
            refused = check(uri.getQueryParameters(), "");
        }
        for (String header : CHECKED_HEADERS) {
            if (refused == null) {
                List<String> values = headers.getRequestHeader(header);
                refused = values == null ? null : check(Map.of(header, values), "header ");
            }
        }
        return refused;
    }

    private static Response check(Map<String, List<String>> parameters, String kind) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String problem = TextPolicy.problem(name);
            for (String value : parameter.getValue()) {
                if (problem == null) {
                    problem = TextPolicy.problem(value);
                }
            }
            if (problem != null) {
                return Problems.of(ApiException.invalidArgument(kind + TextPolicy.printable(name), problem));
            }
        }
        return null;
    }
}
