package io.ironcore.jobs.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The API reads request bodies strictly: a field it does not know, a key given twice, or anything after the JSON
 * value is a 400 that names the field ({@link ProblemMappers}), never silently dropped (Kubernetes' strict field
 * validation). Events are read by {@code EventJson}'s own tolerant mapper, not this one.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @Override
    public int priority() {
        // after Quarkus' own customizer, which applies quarkus.jackson.fail-on-unknown-properties (false by default)
        return MINIMUM_PRIORITY;
    }
}
