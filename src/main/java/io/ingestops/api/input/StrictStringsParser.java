package io.ingestops.api.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every JSON parser of the service: checks each object key and string value against
 * {@link TextPolicy} as it is read, at any depth, whatever type it is bound to (records, maps,
 * trees). A refused string throws {@link InvalidInputException} naming its path
 * ({@code metadata.tags[2]}), unless a caller asked to collect problems instead ({@link #collecting}).
 */
public final class StrictStringsParser extends JsonParserDelegate {

    /** Where problems go instead of being thrown; one frame per {@link #collecting} call. */
    private final Deque<List<String>> collectors = new ArrayDeque<>();

    public StrictStringsParser(JsonParser delegate) {
        super(delegate);
    }

    /** A reader of the rest of a value that may throw {@link IOException}. */
    @FunctionalInterface
    public interface Read<T> {
        T read() throws IOException;
    }

    /**
     * Reads with problems added to {@code problems} (as "path: reason") instead of thrown: for a
     * part of the input whose refused strings make only that part fail (a batch message).
     */
    public <T> T collecting(List<String> problems, Read<T> read) throws IOException {
        collectors.push(problems);
        try {
            return read.read();
        } finally {
            collectors.pop();
        }
    }

    @Override
    public JsonToken nextToken() throws IOException {
        return checked(delegate.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken token = nextToken();
        return token == JsonToken.FIELD_NAME ? nextToken() : token;
    }

    private JsonToken checked(JsonToken token) throws IOException {
        if (token == JsonToken.FIELD_NAME || token == JsonToken.VALUE_STRING) {
            String problem =
                    TextPolicy.problem(token == JsonToken.FIELD_NAME ? delegate.currentName() : delegate.getText());
            if (problem != null) {
                String where = path(token == JsonToken.FIELD_NAME);
                if (collectors.isEmpty()) {
                    throw new InvalidInputException(this, where, problem);
                }
                collectors.peek().add(where + ": " + problem);
            }
        }
        return token;
    }

    /** The path of the current token, as the API names fields: {@code messages[3].metadata.tag}. */
    private String path(boolean key) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context = delegate.getParsingContext(); context != null; context = context.getParent()) {
            String segment;
            if (context.inArray()) {
                segment = "[" + context.getCurrentIndex() + "]";
            } else if (context.inObject() && context.getCurrentName() != null) {
                segment = "." + TextPolicy.printable(context.getCurrentName());
            } else {
                continue;
            }
            path.insert(0, segment);
        }
        String field = path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
        return key ? (field.isEmpty() ? "(key)" : field + " (key)") : (field.isEmpty() ? "(body)" : field);
    }
}
