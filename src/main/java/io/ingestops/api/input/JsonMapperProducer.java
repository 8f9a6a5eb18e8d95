package io.ingestops.api.input;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The service's one object mapper (REST bodies and stored inputs alike), built on
 * {@link StrictJsonFactory}, with every {@link ObjectMapperCustomizer} applied as Quarkus' own
 * producer would (the {@code quarkus.jackson.*} settings are one of them).
 */
public class JsonMapperProducer {

    @Produces
    @Singleton
    ObjectMapper objectMapper(Instance<ObjectMapperCustomizer> customizers) {
        ObjectMapper mapper = new ObjectMapper(new StrictJsonFactory());
        List<ObjectMapperCustomizer> sorted = new ArrayList<>();
        customizers.forEach(sorted::add);
        Collections.sort(sorted);
        sorted.forEach(customizer -> customizer.customize(mapper));
        return mapper;
    }
}
