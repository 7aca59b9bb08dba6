package com.msoledger.projections.admin;

import com.msoledger.projections.support.Freshness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where each projection stands against the head of the event store: position, lag in events and in
 * seconds, replay state. Exposed over HTTP and as Prometheus gauges
 * ({@code ledger_projection_lag_events}, {@code ledger_projection_lag_seconds}).
 */
@Component
public class ProjectionStatus implements MeterBinder {

    private final EventProcessingConfiguration processing;
    private final Freshness freshness;
    private final JdbcClient jdbc;
    private final Clock clock;

    ProjectionStatus(EventProcessingConfiguration processing, Freshness freshness, JdbcClient jdbc, Clock clock) {
        this.clock = clock;
        this.processing = processing;
        this.freshness = freshness;
        this.jdbc = jdbc;
    }

    /** One segment of a processor. */
    public record SegmentStatus(int segment, Long position, boolean replaying) {
    }

    /**
     * @param position   the lowest position over its segments: everything up to it is projected
     * @param head       the newest global position in the event store
     * @param lagEvents  head minus position (an upper bound: the global index may have gaps)
     * @param lagSeconds age of the oldest event not yet projected, 0 when caught up
     */
    public record Status(String name, long position, long head, long lagEvents, double lagSeconds, boolean replaying,
                         boolean running, List<SegmentStatus> segments) {
    }

    public List<Status> all() {
        long head = head();
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(p -> status((StreamingEventProcessor) p, head))
                .sorted(java.util.Comparator.comparing(Status::name))
                .toList();
    }

    public java.util.Optional<Status> find(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).map(p -> status(p, head()));
    }

    private Status status(StreamingEventProcessor processor, long head) {
        Map<Integer, TrackingToken> tokens = freshness.tokens(processor.getName());
        List<SegmentStatus> segments = tokens.entrySet().stream()
                .map(e -> new SegmentStatus(e.getKey(), position(e.getValue()).isPresent() ? position(e.getValue()).getAsLong() : null,
                        e.getValue() instanceof ReplayToken))
                .toList();
        long position = segments.stream().mapToLong(s -> s.position() == null ? 0 : s.position()).min().orElse(0);
        boolean replaying = processor.isReplaying() || segments.stream().anyMatch(SegmentStatus::replaying);
        long lag = Math.max(0, head - position);
        double lagSeconds = 0;
        if (lag > 0) {
            String oldest = jdbc.sql("select time_stamp from domain_event_entry where global_index > ? order by global_index limit 1")
                    .param(position).query(String.class).optional().orElse(null);
            if (oldest != null) {
                lagSeconds = Math.max(0, Duration.between(Instant.parse(oldest), clock.instant()).toMillis() / 1000.0);
            }
        }
        return new Status(processor.getName(), position, head, lag, lagSeconds, replaying, processor.isRunning(), segments);
    }

    private static OptionalLong position(TrackingToken token) {
        return token == null ? OptionalLong.empty() : token.position();
    }

    private long head() {
        Long head = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
        return head == null ? 0 : head;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : List.of("parties", "agreements", "journal")) {
            Gauge.builder("ledger.projection.lag.events", () -> find(name).map(Status::lagEvents).orElse(0L))
                    .tag("processor", name).description("events in the store not yet projected").register(registry);
            Gauge.builder("ledger.projection.lag.seconds", () -> find(name).map(Status::lagSeconds).orElse(0.0))
                    .tag("processor", name).description("age of the oldest event not yet projected").register(registry);
        }
    }
}
