package com.msoledger.projections.admin;

import com.msoledger.projections.support.Freshness;
import com.msoledger.projections.support.Tables;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One replay of one projection: {@code PREPARING}, {@code REPLAYING} (a {@link ReplayProcessor} fills the
 * {@link ShadowTables} from the first event while the live processor keeps serving), {@code SWAPPING}, then
 * {@code DONE} or {@code FAILED}; and its progress meanwhile.
 * <p>
 * The check before the swap is deterministic while commands keep arriving, because both sides are first made
 * to hold exactly the same events, segment by segment (the replay uses the live processor's segments and
 * sequencing policy): once the replay has about caught up, (1) the replay stops; (2) the live processor runs
 * on until it holds everything the replay applied, and stops; (3) the replay runs on, applying only events the
 * live tables hold, until it holds all of them, and stops. Then equal checksums mean equal tables. On a match
 * (or when forced) the twins are swapped in and the live processor goes on from its own position. Otherwise
 * the run is {@code FAILED}, the live tables are untouched and the live processor is started again.
 */
final class ReplayRun {

    // the category replay log lines have always had: operators filter on it
    private static final Logger log = LoggerFactory.getLogger(ProjectionReplay.class);
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);
    /** How far behind the live projection (in time) the replay may be when the swap starts. */
    private static final Duration NEAR_ENOUGH = Duration.ofSeconds(1);
    /** Longest each side is given to reach the other at the swap; the live projection is stopped meanwhile. */
    private static final Duration SWAP_CATCH_UP_TIMEOUT = Duration.ofSeconds(60);

    /** What every run works with: the same beans for all of them. */
    record Collaborators(EventProcessingConfiguration processing, EventStore eventStore, TokenStore tokenStore,
                         TransactionManager axonTransactions, TransactionTemplate transactions, JdbcClient jdbc,
                         Freshness freshness, ProjectionChecksum checksums, Clock clock) {
    }

    private final ProjectionReplay.Group definition;
    private final boolean force;
    private final Collaborators with;
    private final String replayName;
    private final ShadowTables shadow;
    private final Instant startedAt;
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
    /** Where the live projection stood at {@code liveCheckpointNanos}, at most {@code NEAR_ENOUGH} ago. */
    private long liveCheckpoint = Long.MAX_VALUE;
    private long liveCheckpointNanos = System.nanoTime();

    ReplayRun(ProjectionReplay.Group definition, boolean force, Collaborators with) {
        this.definition = definition;
        this.force = force;
        this.with = with;
        this.replayName = "replay-" + definition.processor();
        this.shadow = new ShadowTables(definition, replayName, with.jdbc(), with.transactions());
        this.startedAt = with.clock().instant();
    }

    boolean running() {
        return finishedAt == null;
    }

    synchronized ProjectionReplay.Progress progress() {
        Double eta = rate > 0 && head > position ? (head - position) / rate : null;
        return new ProjectionReplay.Progress(definition.processor(), state, position, head, Math.round(rate * 10) / 10.0,
                eta, startedAt, finishedAt, force, verified, live, replayed, failure);
    }

    /** Runs the replay to its end, on the caller's thread; never throws (a failure is the state and {@code failure}). */
    void execute() {
        String outcome = "FAILED";
        String processor = definition.processor();
        ReplayProcessor replay = null;
        try {
            StreamingEventProcessor liveProcessor = with.processing().eventProcessor(processor, StreamingEventProcessor.class)
                    .orElseThrow(() -> new IllegalStateException("no processor " + processor));
            Segment[] segments = ReplayProcessor.sameSegmentsAsLive(with.freshness(), processor);
            shadow.create();
            replay = new ReplayProcessor(definition, replayName, segments, with);
            state = "REPLAYING";
            log.info("replay of {} started into shadow tables {}{}", processor, definition.tables(),
                    force ? " (forced: the tables are swapped in even if they differ from the live ones)" : "");
            replay.start();
            follow(replay, () -> caughtUp(processor), null, "catching up");

            state = "SWAPPING";
            Map<Integer, TrackingToken> holds = holdTheSameEvents(replay, liveProcessor);
            if (!mayBeSwappedIn(holds)) {
                return;
            }
            shadow.swap();
            liveProcessor.start();
            outcome = "DONE";
            log.info("replay of {} done: {} events in {} s ({} events/s), verified against live: {}{}", processor,
                    position, Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(), Math.round(rate), verified,
                    force ? ", forced" : "");
        } catch (Exception e) {
            String handlerFailure = replay == null ? null : replay.handlerFailure();
            failure = handlerFailure != null ? handlerFailure : e.getClass().getSimpleName() + ": " + e.getMessage();
            log.error("replay of {} failed; the live projection is untouched", processor, e);
        } finally {
            if (replay != null) {
                replay.close();
            }
            shadow.forgetReplayTokens();
            if (!outcome.equals("DONE")) {
                shadow.drop();
                with.processing().eventProcessor(processor, StreamingEventProcessor.class)
                        .filter(p -> !p.isRunning()).ifPresent(StreamingEventProcessor::start);
            }
            // finishedAt before the final state, so whoever sees DONE or FAILED also sees when
            synchronized (this) {
                finishedAt = with.clock().instant();
                state = outcome;
            }
        }
    }

    /**
     * Near enough to start the swap: at or past where the live projection stood up to a second ago (or the
     * store is empty). Not at the live position itself, which steady writes keep out of reach; the swap
     * brings both to the same events whatever the distance, with the live projection paused for about as
     * long as the replay needs to cover it.
     */
    private boolean caughtUp(String processor) {
        long now = System.nanoTime();
        long livePosition = minimum(with.freshness().tokens(processor));
        if (head == 0 || position > 0 && (position >= livePosition || position >= liveCheckpoint)) {
            return true;
        }
        if (now - liveCheckpointNanos >= NEAR_ENOUGH.toNanos()) {
            liveCheckpoint = livePosition;
            liveCheckpointNanos = now;
        }
        return false;
    }

    /**
     * Steps (1) to (3): leaves both processors stopped, holding the same events per segment.
     *
     * @return what the live processor holds, per segment
     */
    private Map<Integer, TrackingToken> holdTheSameEvents(ReplayProcessor replay, StreamingEventProcessor liveProcessor)
            throws Exception {
        String processor = definition.processor();
        replay.stop();
        Map<Integer, TrackingToken> replayHolds = with.freshness().tokens(replayName);
        follow(replay, () -> holdsAll(with.freshness().tokens(processor), replayHolds), SWAP_CATCH_UP_TIMEOUT,
                "the live projection reaching the replay");
        liveProcessor.shutdownAsync().get(30, TimeUnit.SECONDS);
        Map<Integer, TrackingToken> holds = with.freshness().tokens(processor);
        replay.applyOnly(holds);
        replay.start();
        follow(replay, () -> holdsAll(replay.tokens(), holds), SWAP_CATCH_UP_TIMEOUT, "the replay reaching the live projection");
        replay.stop();
        return holds;
    }

    /**
     * Compares the checksums of both sides, which hold the same events: equal tables have equal checksums.
     * The twins may be swapped in when they are equal, or when the run is forced.
     */
    private boolean mayBeSwappedIn(Map<Integer, TrackingToken> holds) {
        String processor = definition.processor();
        live = with.checksums().of(definition.tables(), Tables.LIVE);
        replayed = with.checksums().of(definition.tables(), Tables.SHADOW);
        verified = live.equals(replayed);
        if (!verified && !force) {
            failure = "the replayed tables differ from the live ones holding the same events, so they were not swapped "
                    + "in; the live projection is untouched (replay with force=true to swap them in anyway)";
            log.error("replay of {} differs from the live projection at {}: live {} replayed {}; not swapped in",
                    processor, positions(holds), live, replayed);
            return false;
        }
        if (!verified) {
            log.warn("replay of {} forced: swapping in tables that differ from the live projection at {}: live {} replayed {}",
                    processor, positions(holds), live, replayed);
        }
        return true;
    }

    /**
     * Polls until {@code done}, keeping the progress current.
     *
     * @throws IllegalStateException when the replay fails, or {@code timeout} (if any) ran out
     */
    private void follow(ReplayProcessor replay, BooleanSupplier done, Duration timeout, String what)
            throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        long lastLog = System.nanoTime() - PROGRESS_LOG_INTERVAL.toNanos();
        long lastPosition = position;
        long lastTime = System.nanoTime();
        while (true) {
            replay.requireHealthy();
            head = with.jdbc().sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
            // never backwards: a restarted replay shows its stored tokens until it claims its segments again
            position = Math.max(position, minimum(replay.tokens()));
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
}
