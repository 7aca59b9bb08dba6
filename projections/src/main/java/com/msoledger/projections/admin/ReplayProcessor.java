package com.msoledger.projections.admin;

import com.msoledger.projections.support.Freshness;
import com.msoledger.projections.support.Tables;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.StreamableMessageSource;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The second processor of a {@link ReplayRun}: fresh instances of the projection's handlers writing its
 * {@link ShadowTables}, from the first event, in the live processor's segments and with its sequencing policy
 * (so every event lands in the same segment on both sides and per-segment positions mean the same). Like the
 * live one it never skips an event it cannot apply; unlike it, it stops for good then. Once told what the
 * stopped live processor holds ({@link #applyOnly}), it passes over every other event.
 */
final class ReplayProcessor {

    private final Freshness freshness;
    private final String name;
    private final Segment[] segments;
    private final SimpleEventHandlerInvoker handlers;
    private final PooledStreamingEventProcessor processor;
    private final ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
    private final ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
    /** Why an event could not be applied; set by the handlers' error handler. */
    private volatile String handlerFailure;
    /** Per segment, what the stopped live processor holds: nothing else is applied. Null until then. */
    private volatile Map<Integer, TrackingToken> liveHolds;

    /** @param segments the live processor's, from {@link #sameSegmentsAsLive} */
    @SuppressWarnings("unchecked")
    ReplayProcessor(ProjectionReplay.Group definition, String name, Segment[] segments, ReplayRun.Collaborators with) {
        this.freshness = with.freshness();
        this.name = name;
        this.segments = segments;
        try {
            this.handlers = SimpleEventHandlerInvoker.builder()
                    .eventHandlers(definition.writingTo(Tables.SHADOW).members())
                    .sequencingPolicy(with.processing().sequencingPolicy(definition.processor()))
                    .listenerInvocationErrorHandler(this::handlerFailed)
                    .build();
            this.processor = PooledStreamingEventProcessor.builder()
                    .name(name)
                    .eventHandlerInvoker(handlers)
                    .messageSource((StreamableMessageSource<TrackedEventMessage<?>>) (StreamableMessageSource<?>) with.eventStore())
                    .tokenStore(with.tokenStore())
                    .transactionManager(with.axonTransactions())
                    .coordinatorExecutor(coordinator)
                    .workerExecutor(workers)
                    .initialSegmentCount(segments.length)
                    .batchSize(500)
                    .build();
            processor.registerHandlerInterceptor(onlyWhatTheLiveTablesHold());
        } catch (RuntimeException e) { // no processor to close: its threads go now
            coordinator.shutdownNow();
            workers.shutdownNow();
            throw e;
        }
    }

    /**
     * The live processor's segments, which the replay takes over.
     *
     * @throws IllegalStateException when they are not 0 to n-1, the split a new pooled processor makes
     */
    static Segment[] sameSegmentsAsLive(Freshness freshness, String liveProcessor) {
        Set<Integer> live = freshness.tokens(liveProcessor).keySet();
        int count = Math.max(1, live.size());
        Segment[] segments = Segment.computeSegments(IntStream.range(0, count).toArray());
        Set<Integer> ids = Arrays.stream(segments).map(Segment::getSegmentId).collect(Collectors.toSet());
        if (!live.isEmpty() && !live.equals(ids)) {
            throw new IllegalStateException("the live processor's segments " + live + " are not 0 to " + (count - 1)
                    + ", so a replay could not split the events as it does");
        }
        return segments;
    }

    void start() {
        processor.start();
    }

    /** Stops it, waiting at most 30 s: from then on its stored tokens say what it holds. */
    void stop() throws Exception {
        processor.shutdownAsync().get(30, TimeUnit.SECONDS);
    }

    /** Stops it if it still runs, and its threads. */
    void close() {
        if (processor.isRunning()) {
            processor.shutDown();
        }
        coordinator.shutdownNow();
        workers.shutdownNow();
    }

    /** From now on, applies only events these per-segment tokens (the stopped live processor's) have seen. */
    void applyOnly(Map<Integer, TrackingToken> liveHolds) {
        this.liveHolds = liveHolds;
    }

    /** Why it could not apply an event, or null. */
    String handlerFailure() {
        return handlerFailure;
    }

    /**
     * @throws IllegalStateException when it could not apply an event, or failed outside the handlers (e.g. its
     *                               commit): the replay stops then rather than retry for ever
     */
    void requireHealthy() {
        if (handlerFailure != null) {
            throw new IllegalStateException(handlerFailure);
        }
        for (EventTrackerStatus status : processor.processingStatus().values()) {
            if (status.isErrorState()) {
                throw new IllegalStateException("the replay failed: " + (status.getError() == null ? "unknown"
                        : ProjectionFailures.reason(status.getError())));
            }
        }
    }

    /** Its position per segment: as it runs, from memory (it stores tokens only now and then), else stored. */
    Map<Integer, TrackingToken> tokens() {
        Map<Integer, TrackingToken> tokens = freshness.tokens(name);
        processor.processingStatus().forEach((segment, status) -> {
            if (status.getTrackingToken() != null && !status.isErrorState()) {
                tokens.put(segment, status.getTrackingToken());
            }
        });
        return tokens;
    }

    /** Notes why the replay cannot go on and rethrows: the replay never skips an event either. */
    private void handlerFailed(Exception exception, EventMessage<?> event, EventMessageHandler handler) throws Exception {
        if (handlerFailure == null) {
            String at = event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken().position().isPresent()
                    ? " at position " + tracked.trackingToken().position().getAsLong() : "";
            handlerFailure = "the replay cannot apply the event" + at + ": " + ProjectionFailures.reason(exception);
        }
        throw exception;
    }

    /** Once the live processor has stopped, the replay passes over every event the live tables do not hold. */
    private MessageHandlerInterceptor<EventMessage<?>> onlyWhatTheLiveTablesHold() {
        return (unitOfWork, chain) -> {
            Map<Integer, TrackingToken> holds = liveHolds;
            if (holds == null || !(unitOfWork.getMessage() instanceof TrackedEventMessage<?> event)
                    || event.trackingToken().position().isEmpty()) {
                return chain.proceed();
            }
            long at = event.trackingToken().position().getAsLong();
            for (Segment segment : segments) {
                if (handlers.canHandle(event, segment)) {
                    return holds(holds.get(segment.getSegmentId()), at) ? chain.proceed() : null;
                }
            }
            return chain.proceed();
        };
    }

    /** Whether a token has seen the event at {@code position}. */
    static boolean holds(TrackingToken token, long position) {
        TrackingToken current = token == null ? null : WrappedToken.unwrapLowerBound(token);
        if (current instanceof GapAwareTrackingToken gapAware) {
            return gapAware.getIndex() >= position && !gapAware.getGaps().contains(position);
        }
        return current != null && current.position().orElse(-1) >= position;
    }
}
