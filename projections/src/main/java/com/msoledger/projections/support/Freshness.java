package com.msoledger.projections.support;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Read-your-writes: a command's response carries the global position of its event; a read passing
 * it as {@code minPosition} waits (at most {@link #MAX_WAIT}) until every segment of the
 * projection's processor has handled it. Positions are read from the token store, so this holds
 * whichever instance owns the segments.
 */
@Component
public class Freshness {

    /** Longest a read waits for its projection before answering 503. */
    public static final Duration MAX_WAIT = Duration.ofSeconds(2);

    private final JdbcClient jdbc;
    private final Serializer serializer;

    Freshness(JdbcClient jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /**
     * Returns once the processor has handled the event at {@code minPosition}; does nothing when
     * {@code minPosition} is null.
     *
     * @throws ErrorResponseException 400 for a negative position, 503 when the wait runs out
     */
    public void await(String processorName, Long minPosition) {
        if (minPosition == null) {
            return;
        }
        if (minPosition < 0) {
            throw new BadQuery("minPosition", "must be zero or positive");
        }
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (!hasHandled(processorName, minPosition)) {
            if (System.nanoTime() > deadline) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "the " + processorName + " projection has not reached position " + minPosition + " yet; retry shortly");
                problem.setType(URI.create("https://mso-ledger.dev/problems/projection-lagging"));
                problem.setTitle("Projection lagging");
                ErrorResponseException lagging = new ErrorResponseException(HttpStatus.SERVICE_UNAVAILABLE, problem, null);
                lagging.getHeaders().set("Retry-After", "1");
                throw lagging;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** True when every segment's token covers {@code position}. */
    public boolean hasHandled(String processorName, long position) {
        List<TrackingToken> tokens = tokens(processorName);
        if (tokens.isEmpty()) {
            return false;
        }
        TrackingToken target = GapAwareTrackingToken.newInstance(position, Collections.emptySortedSet());
        return tokens.stream().allMatch(token -> token != null && token.covers(target));
    }

    /** The current token of each segment of a processor (null for a segment that has not started). */
    public List<TrackingToken> tokens(String processorName) {
        return jdbc.sql("select token, token_type from token_entry where processor_name = ? order by segment")
                .param(processorName)
                .query((rs, n) -> {
                    byte[] bytes = rs.getBytes(1);
                    String type = rs.getString(2);
                    if (bytes == null || type == null) {
                        return null;
                    }
                    SerializedType serializedType = new SimpleSerializedType(type, null);
                    return (TrackingToken) serializer.deserialize(
                            new SimpleSerializedObject<>(bytes, byte[].class, serializedType));
                })
                .list();
    }
}
