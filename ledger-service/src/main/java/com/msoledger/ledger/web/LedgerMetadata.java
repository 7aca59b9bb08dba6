package com.msoledger.ledger.web;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Decides the metadata every event carries: the actor and correlation id of the request that caused
 * it, and the id of the command that caused it. Replaces Axon's default origin provider, which would
 * overwrite the HTTP correlation id with the command's message id.
 */
@Component
public class LedgerMetadata implements CorrelationDataProvider {

    public static final String ACTOR = "actor";
    public static final String CORRELATION_ID = "correlationId";
    public static final String CAUSATION_ID = "causationId";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    public static final String RECORDED_AT = "recordedAt";

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        data.put(ACTOR, message.getMetaData().getOrDefault(ACTOR, "system"));
        data.put(CORRELATION_ID, message.getMetaData().getOrDefault(CORRELATION_ID, message.getIdentifier()));
        data.put(CAUSATION_ID, message.getIdentifier());
        Object key = message.getMetaData().get(IDEMPOTENCY_KEY);
        if (key != null) {
            data.put(IDEMPOTENCY_KEY, key);
        }
        return data;
    }
}
