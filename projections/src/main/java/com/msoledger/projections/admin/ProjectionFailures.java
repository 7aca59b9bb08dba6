package com.msoledger.projections.admin;

import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongPredicate;

/**
 * A projection that cannot apply an event stops at it; it never skips it. {@link #errorHandler} is the
 * listener-invocation error handler of the projection processors: it notes which event failed and why,
 * then rethrows, so the tracking processor rolls the batch back, keeps its token before the event and
 * retries with back-off (1 s doubling to 60 s) until the event applies. {@link ProjectionStatus} reports
 * the processor as {@code ERROR} at that event meanwhile.
 */
@Component
public class ProjectionFailures {

    /** The projection processors: each halts on an event it cannot apply. */
    public static final List<String> PROCESSORS = List.of("parties", "agreements", "journal");

    /** More failing events than this per processor are not noted (the earliest are what matter). */
    private static final int KEPT_PER_PROCESSOR = 16;
    private static final int REASON_LENGTH = 300;
    private static final Logger log = LoggerFactory.getLogger(ProjectionFailures.class);

    private final Clock clock;
    private final Map<String, NavigableMap<Long, Failure>> failures = new ConcurrentHashMap<>();

    ProjectionFailures(Clock clock) {
        this.clock = clock;
    }

    /**
     * An event a processor could not apply.
     *
     * @param position the event's global position
     * @param reason   the exception's class and the first line of its message: what went wrong, without the
     *                 rows or values a database adds on the lines below
     * @param since    when it first failed
     */
    public record Failure(long position, String reason, Instant since) {
    }

    /** The error handler of the processor's event handlers: notes the failure and rethrows it. */
    public ListenerInvocationErrorHandler errorHandler(String processor) {
        return (exception, event, handler) -> {
            if (event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken().position().isPresent()) {
                noteFailure(processor, tracked.trackingToken().position().getAsLong(), exception);
            }
            PropagatingErrorHandler.instance().onError(exception, event, handler);
        };
    }

    void noteFailure(String processor, long position, Exception exception) {
        NavigableMap<Long, Failure> noted = failures.computeIfAbsent(processor, p -> new ConcurrentSkipListMap<>());
        if (noted.containsKey(position) || noted.size() >= KEPT_PER_PROCESSOR && position > noted.lastKey()) {
            return; // a retry of an event already noted: Axon logs every retry itself
        }
        String reason = reason(exception);
        noted.put(position, new Failure(position, reason, clock.instant()));
        if (noted.size() > KEPT_PER_PROCESSOR) {
            noted.pollLastEntry();
        }
        log.error("projection {} cannot apply the event at position {} and halts there, retrying it: {}",
                processor, position, reason);
    }

    /**
     * The earliest noted failure of the processor whose event is still not projected, forgetting those that
     * are projected by now.
     *
     * @param projected whether the processor has projected the event at a position
     */
    Optional<Failure> earliestUnprojected(String processor, LongPredicate projected) {
        NavigableMap<Long, Failure> noted = failures.get(processor);
        if (noted == null) {
            return Optional.empty();
        }
        noted.keySet().removeIf(projected::test);
        return Optional.ofNullable(noted.firstEntry()).map(Map.Entry::getValue);
    }

    /** What went wrong, in one line: the root cause's class and the first line of its message. */
    static String reason(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("").strip();
        String reason = root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return reason.length() <= REASON_LENGTH ? reason : reason.substring(0, REASON_LENGTH) + "…";
    }
}
