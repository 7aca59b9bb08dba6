package com.msoledger.projections.admin;

import com.msoledger.projections.support.Freshness;
import com.msoledger.projections.support.ProjectionDefinition;
import com.msoledger.projections.support.Tables;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Rebuilds a projection from the first event without readers ever seeing a half-built table: a
 * second processor replays the whole store into {@code <table>__shadow} twins while the live
 * projection keeps serving and following new events. The shadow tables replace the live ones only when
 * they are verified equal to them, or when the admin forces it.
 * <p>
 * The verification is deterministic while commands keep arriving, because at the swap both sides are
 * made to hold exactly the same events, segment by segment (the replay uses the live processor's
 * segments and sequencing policy): once the replay has about caught up, (1) the replay stops; (2) the
 * live processor runs on until it holds everything the replay applied, and stops; (3) the replay runs
 * on, applying only events the live tables hold, until it holds all of them, and stops. Then equal
 * checksums mean equal tables. On a match (or when forced) the shadow tables replace the live ones in
 * one transaction, keeping the original index and constraint names; the live processor keeps its own
 * position and goes on from there. Otherwise the replay is {@code FAILED}, the live tables are
 * untouched and the live processor is started again.
 * One replay per projection at a time, on the instance that received the request.
 */
@Component
public class ProjectionReplay {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplay.class);
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);
    /** How far behind the live projection (in time) the replay may be when the swap starts. */
    private static final Duration NEAR_ENOUGH = Duration.ofSeconds(1);
    /** Longest each side is given to reach the other at the swap; the live projection is stopped meanwhile. */
    private static final Duration SWAP_CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    private final EventProcessingConfiguration processing;
    private final List<ProjectionDefinition> projections;
    private final EventStore eventStore;
    private final TokenStore tokenStore;
    private final TransactionManager axonTransactions;
    private final TransactionTemplate transactions;
    private final JdbcClient jdbc;
    private final Freshness freshness;
    private final ProjectionChecksum checksums;
    private final Clock clock;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();
    private final ExecutorService supervisor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "projection-replay");
        thread.setDaemon(true);
        return thread;
    });

    ProjectionReplay(EventProcessingConfiguration processing, List<ProjectionDefinition> projections, EventStore eventStore,
                     TokenStore tokenStore, TransactionManager axonTransactions,
                     org.springframework.transaction.PlatformTransactionManager transactionManager, JdbcClient jdbc,
                     Freshness freshness, ProjectionChecksum checksums, Clock clock) {
        this.clock = clock;
        this.processing = processing;
        this.projections = projections;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.axonTransactions = axonTransactions;
        this.transactions = new TransactionTemplate(transactionManager);
        this.jdbc = jdbc;
        this.freshness = freshness;
        this.checksums = checksums;
    }

    /**
     * Where a replay stands.
     *
     * @param forced whether the request said {@code force=true}: the rebuilt tables are swapped in even when
     *               they differ from the live ones ({@code verifiedAgainstLive} false)
     */
    public record Progress(String projection, String state, long position, long head, double eventsPerSecond,
                           Double etaSeconds, Instant startedAt, Instant finishedAt, boolean forced, Boolean verifiedAgainstLive,
                           Map<String, String> liveChecksum, Map<String, String> replayedChecksum, String failure) {
    }

    /**
     * A processor's projection: all handler beans of its processing group and all their tables
     * (several read models may share one processor, e.g. agreements and their compliance flags).
     */
    public Optional<ProjectionDefinition> definition(String name) {
        return group(name).map(ProjectionDefinition.class::cast);
    }

    private Optional<Group> group(String name) {
        List<ProjectionDefinition> members = projections.stream().filter(p -> p.processor().equals(name)).toList();
        if (members.isEmpty()) {
            return Optional.empty();
        }
        List<String> tables = members.stream().flatMap(p -> p.tables().stream()).toList();
        return Optional.of(new Group(name, tables, members));
    }

    /** Several handler beans of one processor, replayed together. */
    private record Group(String processor, List<String> tables, List<ProjectionDefinition> members)
            implements ProjectionDefinition {

        @Override
        public Group writingTo(Tables written) {
            return new Group(processor, tables, members.stream().map(member -> member.writingTo(written)).toList());
        }
    }

    /** The replay of a projection, running or finished, if one was started since the service started. */
    public Optional<Progress> progress(String name) {
        return Optional.ofNullable(runs.get(name)).map(Run::progress);
    }

    /**
     * Starts a replay unless one is running.
     *
     * @param force swap the rebuilt tables in even if they differ from the live ones
     * @return the progress of the replay started, or of the one already running; empty for an unknown projection
     */
    public synchronized Optional<Progress> start(String name, boolean force) {
        Group definition = group(name).orElse(null);
        if (definition == null) {
            return Optional.empty();
        }
        Run existing = runs.get(name);
        if (existing != null && existing.running()) {
            return Optional.of(existing.progress());
        }
        Run run = new Run(definition, force);
        runs.put(name, run);
        supervisor.submit(run::execute);
        return Optional.of(run.progress());
    }

    public boolean isRunning(String name) {
        Run run = runs.get(name);
        return run != null && run.running();
    }

    private final class Run {

        private final Group definition;
        private final boolean force;
        private final String replayName;
        private final Instant startedAt = clock.instant();
        // rates and log intervals are elapsed time: the monotonic clock, which no clock change moves
        private final long startedNanos = System.nanoTime();
        private volatile String state = "PREPARING";
        private volatile long position;
        private volatile long head;
        private volatile double rate;
        private volatile Instant finishedAt;
        private volatile Boolean verified;
        private volatile Map<String, String> live;
        private volatile Map<String, String> replayed;
        private volatile String failure;
        /** Why the replay could not apply an event; set by its handlers' error handler. */
        private volatile String replayFailure;
        /** Where the live projection stood at {@code liveCheckpointNanos}, at most {@code NEAR_ENOUGH} ago. */
        private long liveCheckpoint = Long.MAX_VALUE;
        private long liveCheckpointNanos = System.nanoTime();
        /** Per segment, what the stopped live processor holds: the replay applies nothing else. Null until then. */
        private volatile Map<Integer, TrackingToken> liveHolds;

        Run(Group definition, boolean force) {
            this.definition = definition;
            this.force = force;
            this.replayName = "replay-" + definition.processor();
        }

        boolean running() {
            return finishedAt == null;
        }

        synchronized Progress progress() {
            Double eta = rate > 0 && head > position ? (head - position) / rate : null;
            return new Progress(definition.processor(), state, position, head, Math.round(rate * 10) / 10.0, eta, startedAt,
                    finishedAt, force, verified, live, replayed, failure);
        }

        void execute() {
            String outcome = "FAILED";
            String processor = definition.processor();
            PooledStreamingEventProcessor replay = null;
            ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
            ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
            try {
                StreamingEventProcessor liveProcessor = processing.eventProcessor(processor, StreamingEventProcessor.class)
                        .orElseThrow(() -> new IllegalStateException("no processor " + processor));
                Segment[] segments = sameSegmentsAsLive(processor);
                prepareShadowTables();
                jdbc.sql("delete from token_entry where processor_name = ?").param(replayName).update();
                SimpleEventHandlerInvoker handlers = SimpleEventHandlerInvoker.builder()
                        .eventHandlers(definition.writingTo(Tables.SHADOW).members())
                        .sequencingPolicy(processing.sequencingPolicy(processor))
                        .listenerInvocationErrorHandler(this::replayFailed)
                        .build();
                replay = PooledStreamingEventProcessor.builder()
                        .name(replayName)
                        .eventHandlerInvoker(handlers)
                        .messageSource(messageSource())
                        .tokenStore(tokenStore)
                        .transactionManager(axonTransactions)
                        .coordinatorExecutor(coordinator)
                        .workerExecutor(workers)
                        .initialSegmentCount(segments.length)
                        .batchSize(500)
                        .build();
                replay.registerHandlerInterceptor(onlyWhatTheLiveTablesHold(handlers, segments));
                state = "REPLAYING";
                log.info("replay of {} started into shadow tables {}{}", processor, definition.tables(),
                        force ? " (forced: the tables are swapped in even if they differ from the live ones)" : "");
                replay.start();
                PooledStreamingEventProcessor replaying = replay;
                follow(replaying, () -> caughtUp(processor), null, "catching up");

                state = "SWAPPING";
                // (1) the replay stops; (2) the live projection runs on until it holds all the replay applied, then
                // stops; (3) the replay applies the rest of what the live tables hold, and nothing else
                replay.shutdownAsync().get(30, TimeUnit.SECONDS);
                Map<Integer, TrackingToken> replayHolds = freshness.tokens(replayName);
                follow(replaying, () -> holdsAll(freshness.tokens(processor), replayHolds), SWAP_CATCH_UP_TIMEOUT,
                        "the live projection reaching the replay");
                liveProcessor.shutdownAsync().get(30, TimeUnit.SECONDS);
                Map<Integer, TrackingToken> holds = freshness.tokens(processor);
                liveHolds = holds;
                replay.start();
                follow(replaying, () -> holdsAll(tokens(replaying), holds), SWAP_CATCH_UP_TIMEOUT,
                        "the replay reaching the live projection");
                replay.shutdownAsync().get(30, TimeUnit.SECONDS);

                // both hold the same events now, segment by segment: equal tables have equal checksums
                live = checksums.of(definition.tables(), Tables.LIVE);
                replayed = checksums.of(definition.tables(), Tables.SHADOW);
                verified = live.equals(replayed);
                if (!verified && !force) {
                    failure = "the replayed tables differ from the live ones holding the same events, so they were not swapped "
                            + "in; the live projection is untouched (replay with force=true to swap them in anyway)";
                    log.error("replay of {} differs from the live projection at {}: live {} replayed {}; not swapped in",
                            processor, positions(holds), live, replayed);
                    return;
                }
                if (!verified) {
                    log.warn("replay of {} forced: swapping in tables that differ from the live projection at {}: live {} replayed {}",
                            processor, positions(holds), live, replayed);
                }
                swap();
                liveProcessor.start();
                outcome = "DONE";
                log.info("replay of {} done: {} events in {} s ({} events/s), verified against live: {}{}", processor,
                        position, Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(), Math.round(rate), verified,
                        force ? ", forced" : "");
            } catch (Exception e) {
                failure = replayFailure != null ? replayFailure : e.getClass().getSimpleName() + ": " + e.getMessage();
                log.error("replay of {} failed; the live projection is untouched", processor, e);
            } finally {
                if (replay != null && replay.isRunning()) {
                    replay.shutDown();
                }
                coordinator.shutdownNow();
                workers.shutdownNow();
                jdbc.sql("delete from token_entry where processor_name = ?").param(replayName).update();
                if (!outcome.equals("DONE")) {
                    dropShadowTables();
                    processing.eventProcessor(processor, StreamingEventProcessor.class)
                            .filter(p -> !p.isRunning()).ifPresent(StreamingEventProcessor::start);
                }
                // finishedAt before the final state, so whoever sees DONE or FAILED also sees when
                synchronized (this) {
                    finishedAt = clock.instant();
                    state = outcome;
                }
            }
        }

        /**
         * The live processor's segments, which the replay takes over: the same segments and sequencing policy
         * put every event in the same segment on both sides, so each side's per-segment positions mean the same.
         */
        private Segment[] sameSegmentsAsLive(String processor) {
            Set<Integer> live = freshness.tokens(processor).keySet();
            int count = Math.max(1, live.size());
            Segment[] segments = Segment.computeSegments(IntStream.range(0, count).toArray());
            Set<Integer> ids = Arrays.stream(segments).map(Segment::getSegmentId).collect(Collectors.toSet());
            if (!live.isEmpty() && !live.equals(ids)) {
                throw new IllegalStateException("the live processor's segments " + live + " are not 0 to " + (count - 1)
                        + ", so a replay could not split the events as it does");
            }
            return segments;
        }

        @SuppressWarnings("unchecked")
        private StreamableMessageSource<TrackedEventMessage<?>> messageSource() {
            return (StreamableMessageSource<TrackedEventMessage<?>>) (StreamableMessageSource<?>) eventStore;
        }

        /** Notes why the replay cannot go on and rethrows: the replay never skips an event either. */
        private void replayFailed(Exception exception, EventMessage<?> event, EventMessageHandler handler) throws Exception {
            if (replayFailure == null) {
                String at = event instanceof TrackedEventMessage<?> tracked && tracked.trackingToken().position().isPresent()
                        ? " at position " + tracked.trackingToken().position().getAsLong() : "";
                replayFailure = "the replay cannot apply the event" + at + ": " + ProjectionFailures.reason(exception);
            }
            throw exception;
        }

        /** Once the live processor has stopped, the replay passes over every event the live tables do not hold. */
        private MessageHandlerInterceptor<EventMessage<?>> onlyWhatTheLiveTablesHold(SimpleEventHandlerInvoker handlers,
                                                                                     Segment[] segments) {
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

        /**
         * Near enough to start the swap: at or past where the live projection stood up to a second ago (or the
         * store is empty). Not at the live position itself, which steady writes keep out of reach; the swap
         * brings both to the same events whatever the distance, with the live projection paused for about as
         * long as the replay needs to cover it.
         */
        private boolean caughtUp(String processor) {
            long now = System.nanoTime();
            long live = minimum(freshness.tokens(processor));
            if (head == 0 || position > 0 && (position >= live || position >= liveCheckpoint)) {
                return true;
            }
            if (now - liveCheckpointNanos >= NEAR_ENOUGH.toNanos()) {
                liveCheckpoint = live;
                liveCheckpointNanos = now;
            }
            return false;
        }

        /**
         * Polls until {@code done}, keeping the progress current.
         *
         * @throws IllegalStateException when the replay fails, or {@code timeout} (if any) ran out
         */
        private void follow(PooledStreamingEventProcessor replay, BooleanSupplier done, Duration timeout, String what)
                throws InterruptedException {
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            long lastLog = System.nanoTime() - PROGRESS_LOG_INTERVAL.toNanos();
            long lastPosition = position;
            long lastTime = System.nanoTime();
            while (true) {
                if (replayFailure != null) {
                    throw new IllegalStateException(replayFailure);
                }
                // a failure outside the handlers (e.g. its commit): the replay stops too rather than retry for ever
                for (EventTrackerStatus status : replay.processingStatus().values()) {
                    if (status.isErrorState()) {
                        throw new IllegalStateException("the replay failed: " + (status.getError() == null ? "unknown"
                                : ProjectionFailures.reason(status.getError())));
                    }
                }
                head = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
                // never backwards: a restarted replay shows its stored tokens until it claims its segments again
                position = Math.max(position, minimum(tokens(replay)));
                long now = System.nanoTime();
                double seconds = (now - lastTime) / 1e9;
                if (seconds >= 1) {
                    rate = Math.max(0, (position - lastPosition) / seconds);
                    lastPosition = position;
                    lastTime = now;
                }
                if (done.getAsBoolean()) {
                    return;
                }
                if (now > deadline) {
                    throw new IllegalStateException("gave up " + what + " after " + timeout.toSeconds() + " s");
                }
                if (now - lastLog >= PROGRESS_LOG_INTERVAL.toNanos()) {
                    log.info("replay of {}, {}: position {} of {} ({} events/s)", definition.processor(), what, position, head,
                            Math.round(rate));
                    lastLog = now;
                }
                Thread.sleep(50);
            }
        }

        /** The replay's position per segment: as it runs, from memory (it stores tokens only now and then), else stored. */
        private Map<Integer, TrackingToken> tokens(PooledStreamingEventProcessor replay) {
            Map<Integer, TrackingToken> tokens = freshness.tokens(replayName);
            replay.processingStatus().forEach((segment, status) -> {
                if (status.getTrackingToken() != null && !status.isErrorState()) {
                    tokens.put(segment, status.getTrackingToken());
                }
            });
            return tokens;
        }

        private void prepareShadowTables() {
            transactions.executeWithoutResult(tx -> {
                for (String table : definition.tables()) {
                    String shadow = Tables.SHADOW.of(table);
                    jdbc.sql("drop table if exists " + shadow).update();
                    jdbc.sql("create table " + shadow + " (like " + table + " including all)").update();
                }
            });
        }

        private void dropShadowTables() {
            try {
                transactions.executeWithoutResult(tx -> definition.tables()
                        .forEach(table -> jdbc.sql("drop table if exists " + Tables.SHADOW.of(table)).update()));
            } catch (RuntimeException e) {
                log.warn("replay of {}: dropping the shadow tables failed; the next replay drops them", definition.processor(), e);
            }
        }

        /**
         * In one transaction: each shadow table replaces its live table under the same name, and its indexes
         * and constraints take back the live ones' names (so later migrations find them). The live
         * processor's tokens stay: the new tables hold exactly the events they say.
         */
        private void swap() {
            transactions.executeWithoutResult(tx -> {
                for (String table : definition.tables()) {
                    String shadow = Tables.SHADOW.of(table);
                    Map<String, String> originalNames = indexNamesByDefinition(table, table);
                    jdbc.sql("drop table " + table).update();
                    jdbc.sql("alter table " + shadow + " rename to " + table).update();
                    indexNamesByDefinition(table, table).forEach((definitionText, name) -> {
                        String original = originalNames.get(definitionText);
                        if (original != null && !original.equals(name)) {
                            jdbc.sql("alter index " + name + " rename to " + original).update();
                        }
                    });
                }
            });
        }

        /** Index definitions (with the index name blanked out) → index names, for one table. */
        private Map<String, String> indexNamesByDefinition(String table, String asTable) {
            Map<String, String> names = new LinkedHashMap<>();
            jdbc.sql("select indexname, indexdef from pg_indexes where schemaname = current_schema() and tablename = ?")
                    .param(table)
                    .query(rs -> {
                        String name = rs.getString(1);
                        String definitionText = rs.getString(2).replace(" " + name + " ", " ? ").replace(table, asTable);
                        names.put(definitionText, name);
                    });
            return names;
        }
    }

    private static long minimum(Map<Integer, TrackingToken> tokens) {
        return tokens.values().stream().mapToLong(t -> t == null ? 0 : t.position().orElse(0)).min().orElse(0);
    }

    private static Map<Integer, Long> positions(Map<Integer, TrackingToken> tokens) {
        Map<Integer, Long> positions = new LinkedHashMap<>();
        tokens.forEach((segment, token) -> positions.put(segment, token == null ? null : token.position().orElse(-1)));
        return positions;
    }

    /** Whether, segment by segment, {@code tokens} have seen every event {@code others} have seen. */
    static boolean holdsAll(Map<Integer, TrackingToken> tokens, Map<Integer, TrackingToken> others) {
        return others.entrySet().stream().allMatch(other -> {
            TrackingToken theirs = other.getValue() == null ? null : WrappedToken.unwrapLowerBound(other.getValue());
            TrackingToken ours = tokens.get(other.getKey()) == null ? null : WrappedToken.unwrapLowerBound(tokens.get(other.getKey()));
            return theirs == null || ours != null && ours.covers(theirs);
        });
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
