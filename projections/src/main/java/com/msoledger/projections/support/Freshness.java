package com.msoledger.projections.support;

import com.msoledger.api.http.ProblemTypes;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
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
import java.util.Map;
import java.util.TreeMap;

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
    private final EventProcessingConfiguration processing;

    Freshness(JdbcClient jdbc, Serializer serializer, EventProcessingConfiguration processing) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.processing = processing;
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
                problem.setType(ProblemTypes.of("projection-lagging"));
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

    /** True when every segment of the processor has moved past {@code position}. */
    public boolean hasHandled(String processorName, long position) {
        Map<Integer, TrackingToken> tokens = tokens(processorName);
        if (tokens.isEmpty()) {
            return false;
        }
        return tokens.values().stream().allMatch(token -> covers(token, position));
    }

    /**
     * Whether a token has moved past the event at {@code position}. Not {@code TrackingToken.covers}:
     * that also demands the same gaps below, and the sequence leaves harmless gaps (a refused insert
     * still consumes a value).
     */
    static boolean covers(TrackingToken token, long position) {
        if (token instanceof ReplayToken replay) {
            return covers(replay.getCurrentToken(), position);
        }
        if (token instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return token != null && token.position().orElse(-1) >= position;
    }

    /**
     * The position of each segment of a processor (null for one that has not started). Segments this
     * instance processes report their live position: a segment with nothing to handle advances in
     * memory at once but stores its token only now and then. Segments owned by other instances are
     * read from the token store.
     */
    public Map<Integer, TrackingToken> tokens(String processorName) {
        Map<Integer, TrackingToken> tokens = new TreeMap<>();
        jdbc.sql("select segment, token, token_type from token_entry where processor_name = ? order by segment")
                .param(processorName)
                .query(rs -> {
                    byte[] bytes = rs.getBytes(2);
                    String type = rs.getString(3);
                    TrackingToken token = null;
                    if (bytes != null && type != null) {
                        SerializedType serializedType = new SimpleSerializedType(type, null);
                        token = serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, serializedType));
                    }
                    tokens.put(rs.getInt(1), token);
                });
        processing.eventProcessor(processorName, StreamingEventProcessor.class).ifPresent(processor ->
                processor.processingStatus().forEach((segment, status) -> {
                    if (status.getTrackingToken() != null && !status.isErrorState()) {
                        tokens.put(segment, status.getTrackingToken());
                    }
                }));
        return tokens;
    }
}
