package com.msoledger.ledger.storage;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The ObjectMappers that write what the ledger stores. They are private to the storage
 * configuration and never Spring beans, so no {@code spring.jackson.*} property, web customizer or
 * library default can change the bytes of a stored event, snapshot or token.
 */
public final class AxonJson {

    private AxonJson() {
    }

    /**
     * For events, metadata and tokens: record components in declaration order, ISO-8601 dates,
     * unknown properties tolerated on read so an event written by a newer version (which may add
     * fields, never rename them) still loads in an older one during a rolling deploy.
     */
    public static ObjectMapper messages() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * For aggregate snapshots: like {@link #messages()}, but reading and writing fields directly, since
     * aggregates keep their state in private fields without accessors.
     */
    public static ObjectMapper snapshots() {
        ObjectMapper mapper = messages();
        mapper.setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE);
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return mapper;
    }
}
