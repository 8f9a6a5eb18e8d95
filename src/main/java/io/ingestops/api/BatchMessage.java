package io.ingestops.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ingestops.api.input.StrictStringsParser;
import io.ingestops.api.input.TextPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One message of a batch as it arrived: its fields ({@code id}, {@code text}, {@code metadata};
 * any other is refused, 400), kept as sent and checked one by one when the batch runs. A string the
 * input policy refuses anywhere inside the message (a NUL in the text, a key, a metadata value…)
 * does not refuse the batch: the message is stored as {@code {"rejected": reason}} and becomes a
 * per-item failure (DESIGN §6).
 */
@JsonDeserialize(using = BatchMessage.Reader.class)
@org.eclipse.microprofile.openapi.annotations.media.Schema(
        name = "BatchMessage",
        implementation = BatchMessage.Fields.class)
public record BatchMessage(ObjectNode stored) {

    /** What a message may hold, for the API documentation. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "BatchMessageFields")
    public record Fields(
            @org.eclipse.microprofile.openapi.annotations.media.Schema(
                            description = "a string or an integer; the document's source id (default: the text's hash)")
                    String id,
            String text,
            java.util.Map<String, Object> metadata) {}

    static final Set<String> FIELDS = Set.of("id", "text", "metadata");

    /** The key a stored message carries when the input policy refused it; no client field has that name. */
    public static final String REJECTED = "rejected";

    static final class Reader extends StdDeserializer<BatchMessage> {

        Reader() {
            super(BatchMessage.class);
        }

        @Override
        public BatchMessage deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return ctxt.reportInputMismatch(BatchMessage.class, "a message must be a JSON object");
            }
            List<String> problems = new ArrayList<>();
            JsonNode read = p instanceof StrictStringsParser strict
                    ? strict.collecting(problems, () -> ctxt.readTree(p))
                    : ctxt.readTree(p);
            ObjectNode message = (ObjectNode) read;
            for (Iterator<String> names = message.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!FIELDS.contains(name) && TextPolicy.problem(name) == null) {
                    throw UnrecognizedPropertyException.from(p, BatchMessage.class, name, List.copyOf(FIELDS));
                }
            }
            if (problems.isEmpty()) {
                return new BatchMessage(message);
            }
            ObjectNode rejected = JsonNodeFactory.instance.objectNode();
            JsonNode id = message.get("id");
            if (id != null && (id.isIntegralNumber() || (id.isTextual() && TextPolicy.problem(id.asText()) == null))) {
                rejected.set("id", id);
            }
            rejected.put(REJECTED, problems.get(0));
            return new BatchMessage(rejected);
        }
    }
}
