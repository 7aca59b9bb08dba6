package com.msoledger.projections.admin;

import com.msoledger.projections.support.Freshness;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where each projection stands against the head of the event store: position, lag in events and in
 * seconds, whether it runs, is stopped, or is halted at an event it cannot apply, and replay state.
 * Exposed over HTTP (read when asked) and as Prometheus gauges: {@code ledger_projection_lag_events} and
 * {@code ledger_projection_lag_seconds} from the figures {@link #refresh} reads in the background every
 * {@code ledger.projections.metrics-refresh-interval} (a scrape never waits for the database; when a
 * refresh fails the last figures stay), and {@code ledger_projection_halted} (1 while halted, else 0) from
 * the processor's own state in memory.
 */
@Component
public class ProjectionStatus implements MeterBinder {

    public static final String RUNNING = "RUNNING";
    public static final String ERROR = "ERROR";
    public static final String STOPPED = "STOPPED";

    private static final Logger log = LoggerFactory.getLogger(ProjectionStatus.class);

    private final EventProcessingConfiguration processing;
    private final Freshness freshness;
    private final ProjectionFailures failures;
    private final JdbcClient jdbc;
    private final Clock clock;
    /** The figures of the last refresh, by processor: what the lag gauges show. */
    private final Map<String, Status> refreshed = new ConcurrentHashMap<>();
    private volatile boolean refreshFailing;

    public ProjectionStatus(EventProcessingConfiguration processing, Freshness freshness, ProjectionFailures failures,
                            JdbcClient jdbc, Clock clock) {
        this.processing = processing;
        this.freshness = freshness;
        this.failures = failures;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One segment of a processor. */
    public record SegmentStatus(int segment, Long position, boolean replaying) {
    }

    /**
     * Why a processor is halted.
     *
     * @param position the global position of the event it cannot apply; null when the failure came from
     *                 outside the event handlers (e.g. the commit), so no event is known
     * @param reason   the exception's class and the first line of its message
     * @param since    when that event first failed; null when unknown
     */
    public record Halt(Long position, String reason, Instant since) {
    }

    /**
     * @param status     {@code RUNNING}, {@code ERROR} (halted at {@code error.position}, retrying it with
     *                   back-off; everything before it is projected, nothing after it on its segment) or
     *                   {@code STOPPED} (not running on this instance, e.g. while a replay swaps tables)
     * @param position   the lowest position over its segments: everything up to it is projected
     * @param head       the newest global position in the event store
     * @param lagEvents  head minus position (an upper bound: the global index may have gaps)
     * @param lagSeconds age of the oldest event not yet projected, 0 when caught up
     * @param error      why it is halted; null unless {@code status} is {@code ERROR}
     */
    public record Status(String name, String status, long position, long head, long lagEvents, double lagSeconds,
                         boolean replaying, boolean running, Halt error, List<SegmentStatus> segments) {
    }

    public List<Status> all() {
        long head = head();
        return processing.eventProcessors().values().stream()
                .filter(StreamingEventProcessor.class::isInstance)
                .map(p -> status((StreamingEventProcessor) p, head))
                .sorted(java.util.Comparator.comparing(Status::name))
                .toList();
    }

    public Optional<Status> find(String name) {
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
        Halt halt = halt(processor);
        String status = !processor.isRunning() ? STOPPED : halt != null ? ERROR : RUNNING;
        return new Status(processor.getName(), status, position, head, lag, lagSeconds, replaying, processor.isRunning(),
                halt, segments);
    }

    /** Why the processor is halted on this instance, or null when none of its segments is. */
    private Halt halt(StreamingEventProcessor processor) {
        EventTrackerStatus halted = processor.processingStatus().values().stream()
                .filter(EventTrackerStatus::isErrorState).findFirst().orElse(null);
        if (halted == null) {
            return null;
        }
        return failures.earliestUnprojected(processor.getName(), p -> freshness.hasHandled(processor.getName(), p))
                .map(f -> new Halt(f.position(), f.reason(), f.since()))
                .orElseGet(() -> new Halt(null, halted.getError() == null ? "unknown" : ProjectionFailures.reason(halted.getError()),
                        null));
    }

    private boolean halted(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .map(p -> p.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState))
                .orElse(false);
    }

    private static OptionalLong position(TrackingToken token) {
        return token == null ? OptionalLong.empty() : token.position();
    }

    private long head() {
        Long head = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
        return head == null ? 0 : head;
    }

    /** Reads every projection's figures for the gauges; on a database error the last figures stay. */
    @Scheduled(fixedDelayString = "${ledger.projections.metrics-refresh-interval:PT5S}")
    public void refresh() {
        List<Status> all;
        try {
            all = all();
        } catch (RuntimeException e) {
            if (!refreshFailing) {
                refreshFailing = true;
                log.warn("reading the projections' lag failed; the lag gauges keep their last values until a read succeeds: {}",
                        e.toString());
            }
            return;
        }
        if (refreshFailing) {
            refreshFailing = false;
            log.info("reading the projections' lag works again");
        }
        all.forEach(status -> refreshed.put(status.name(), status));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : ProjectionFailures.PROCESSORS) {
            Gauge.builder("ledger.projection.lag.events", refreshed, last -> last.containsKey(name) ? last.get(name).lagEvents() : 0)
                    .tag("processor", name).description("events in the store not yet projected, as last read")
                    .register(registry);
            Gauge.builder("ledger.projection.lag.seconds", refreshed, last -> last.containsKey(name) ? last.get(name).lagSeconds() : 0)
                    .tag("processor", name).description("age of the oldest event not yet projected, as last read")
                    .register(registry);
            Gauge.builder("ledger.projection.halted", this, status -> status.halted(name) ? 1 : 0)
                    .tag("processor", name)
                    .description("1 while the projection is halted at an event it cannot apply (retrying it), else 0")
                    .register(registry);
        }
    }
}
