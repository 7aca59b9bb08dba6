package com.msoledger.ledger.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code idempotency_key} table. A key belongs to the subject that sent it: the same key from
 * two users is two keys. Every method runs in the caller's transaction.
 */
@Component
class IdempotencyStore implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyStore.class);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final IdempotencyProperties properties;

    IdempotencyStore(JdbcClient jdbc, ObjectMapper json, Clock clock, IdempotencyProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
    }

    /** A stored first response. */
    record Stored(String requestHash, int status, String contentType, Map<String, String> headers, byte[] body) {
    }

    /**
     * Takes the key's transaction-scoped advisory lock without waiting.
     *
     * @return false when another request under the key holds it (still in flight)
     */
    boolean tryLock(String actor, String key) {
        return Boolean.TRUE.equals(jdbc.sql("select pg_try_advisory_xact_lock(?)").param(lockId(actor, key))
                .query(Boolean.class).single());
    }

    Optional<Stored> find(String actor, String key) {
        return jdbc.sql("""
                        select request_hash, status, content_type, headers, body from idempotency_key
                        where actor = ? and idempotency_key = ? and expires_at > ?""")
                .params(actor, key, Timestamp.from(clock.instant()))
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), headers(rs.getString(4)),
                        rs.getBytes(5)))
                .optional();
    }

    void store(String actor, String key, String requestHash, int status, String contentType, Map<String, String> headers,
               byte[] body) {
        Instant now = clock.instant();
        jdbc.sql("""
                        insert into idempotency_key (idempotency_key, request_hash, actor, status, content_type, headers,
                                                     body, created_at, expires_at)
                        values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)""")
                .params(key, requestHash, actor, status, contentType, write(headers), body, Timestamp.from(now),
                        Timestamp.from(now.plus(properties.ttl())))
                .update();
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(this::removeExpired, properties.cleanupInterval());
    }

    /** Keys expire after the configured time ({@code ledger.idempotency.cleanup-interval}); the table never grows without bound. */
    void removeExpired() {
        int removed = jdbc.sql("delete from idempotency_key where expires_at <= ?")
                .param(Timestamp.from(clock.instant())).update();
        if (removed > 0) {
            log.info("removed {} expired idempotency keys", removed);
        }
    }

    /** A 64-bit lock id for the subject's key: the first eight bytes of its SHA-256. */
    private static long lockId(String actor, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("idempotency:" + actor + "\u0000" + key).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> headers(String text) {
        try {
            return json.readValue(text, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable stored headers", e);
        }
    }

    private String write(Map<String, String> headers) {
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
