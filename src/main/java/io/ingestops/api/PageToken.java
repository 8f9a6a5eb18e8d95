package io.ingestops.api;

import java.time.Instant;
import java.util.UUID;

/** Keyset position in the operations list: the (created_at, id) of the last row of the previous page. */
public record PageToken(Instant createdAt, UUID id) {

    /** As text, for {@link PageTokens} to sign: microseconds since the epoch, then the id. */
    public String position() {
        long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
        return micros + ":" + id;
    }

    /** Reads a position this service wrote (its signature was checked first). */
    public static PageToken fromPosition(String position) {
        try {
            int colon = position.indexOf(':');
            long micros = Long.parseLong(position.substring(0, colon));
            Instant createdAt = Instant.ofEpochSecond(
                    Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
            return new PageToken(createdAt, UUID.fromString(position.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw ApiException.invalidArgument("page_token", "is not a token this service issued for this list");
        }
    }
}
