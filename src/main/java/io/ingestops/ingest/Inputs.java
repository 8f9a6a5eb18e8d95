package io.ingestops.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.worker.JobContext;
import io.ingestops.worker.JobFailedException;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads a handler's input back from the operation. */
@ApplicationScoped
public class Inputs {

    private final ObjectMapper json;

    public Inputs(ObjectMapper json) {
        this.json = json;
    }

    public <T> T read(JobContext context, Class<T> type) {
        try {
            return json.readValue(context.inputJson(), type);
        } catch (JsonProcessingException e) {
            throw new JobFailedException("invalid_input", "the stored input of this operation cannot be read");
        }
    }
}
