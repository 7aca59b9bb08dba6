package com.msoledger.projections.admin;

import com.msoledger.projections.support.Freshness;
import com.msoledger.projections.support.ProjectionDefinition;
import com.msoledger.projections.support.Tables;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Rebuilds a projection from the first event without readers ever seeing a half-built table: a
 * second processor replays the whole store into {@code <table>__shadow} twins while the live
 * projection keeps serving and following new events. Once the replay has caught up with the live
 * processor, both stop, the live and shadow checksums are compared when they stand at the same
 * position, and in one transaction the shadow tables replace the live ones (keeping the original
 * index and constraint names) and the live processor takes over the replay's position.
 * One replay per projection at a time, on the instance that received the request.
 */
@Component
public class ProjectionReplay {

    private static final Logger log = LoggerFactory.getLogger(ProjectionReplay.class);
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(5);

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

    /** Where a replay stands. */
    public record Progress(String projection, String state, long position, long head, double eventsPerSecond,
                           Double etaSeconds, Instant startedAt, Instant finishedAt, Boolean verifiedAgainstLive,
                           Map<String, String> liveChecksum, Map<String, String> replayedChecksum, String failure) {
    }

    /**
     * A processor's projection: all handler beans of its processing group and all their tables
     * (several read models may share one processor, e.g. agreements and their compliance flags).
     */
    public Optional<ProjectionDefinition> definition(String name) {
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
    }

    /** The replay of a projection, running or finished, if one was started since the service started. */
    public Optional<Progress> progress(String name) {
        return Optional.ofNullable(runs.get(name)).map(Run::progress);
    }

    /**
     * Starts a replay unless one is running.
     *
     * @return the replay's progress; {@code started} false when one was already running
     */
    public synchronized Optional<Progress> start(String name) {
        ProjectionDefinition definition = definition(name).orElse(null);
        if (definition == null) {
            return Optional.empty();
        }
        Run existing = runs.get(name);
        if (existing != null && existing.running()) {
            return Optional.of(existing.progress());
        }
        Run run = new Run(definition);
        runs.put(name, run);
        supervisor.submit(run::execute);
        return Optional.of(run.progress());
    }

    public boolean isRunning(String name) {
        Run run = runs.get(name);
        return run != null && run.running();
    }

    private final class Run {

        private final ProjectionDefinition definition;
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

        Run(ProjectionDefinition definition) {
            this.definition = definition;
            this.replayName = "replay-" + definition.processor();
        }

        boolean running() {
            return finishedAt == null;
        }

        synchronized Progress progress() {
            Double eta = rate > 0 && head > position ? (head - position) / rate : null;
            return new Progress(definition.processor(), state, position, head, Math.round(rate * 10) / 10.0, eta, startedAt,
                    finishedAt, verified, live, replayed, failure);
        }

        void execute() {
            String outcome = "FAILED";
            PooledStreamingEventProcessor replay = null;
            ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor();
            ScheduledExecutorService workers = Executors.newScheduledThreadPool(2);
            try {
                StreamingEventProcessor liveProcessor = processing.eventProcessor(definition.processor(), StreamingEventProcessor.class)
                        .orElseThrow(() -> new IllegalStateException("no processor " + definition.processor()));
                int segments = Math.max(1, freshness.tokens(definition.processor()).size());
                prepareShadowTables();
                jdbc.sql("delete from token_entry where processor_name = ?").param(replayName).update();
                replay = PooledStreamingEventProcessor.builder()
                        .name(replayName)
                        .eventHandlerInvoker(SimpleEventHandlerInvoker.builder()
                                .eventHandlers(((Group) definition).members().toArray()).build())
                        .messageSource(messageSource())
                        .tokenStore(tokenStore)
                        .transactionManager(axonTransactions)
                        .coordinatorExecutor(coordinator)
                        .workerExecutor(workers)
                        .initialSegmentCount(segments)
                        .batchSize(500)
                        .build();
                replay.registerHandlerInterceptor(shadowWriter());
                state = "REPLAYING";
                log.info("replay of {} started into shadow tables {}", definition.processor(), definition.tables());
                replay.start();

                // follow until the replay has caught up with the live projection
                waitUntilCaughtUp(replayName, definition.processor());
                state = "SWAPPING";
                liveProcessor.shutdownAsync().get(30, TimeUnit.SECONDS);
                waitUntilCaughtUp(replayName, definition.processor());
                replay.shutdownAsync().get(30, TimeUnit.SECONDS);
                long livePosition = minimum(definition.processor());
                long replayPosition = minimum(replayName);
                if (livePosition == replayPosition) {
                    live = checksums.of(definition.tables(), "");
                    replayed = checksums.of(definition.tables(), Tables.SHADOW_SUFFIX);
                    verified = live.equals(replayed);
                    if (!verified) {
                        log.error("replay of {} differs from the live projection at position {}: live {} replayed {}",
                                definition.processor(), livePosition, live, replayed);
                    }
                }
                swap();
                liveProcessor.start();
                outcome = "DONE";
                log.info("replay of {} done: {} events in {} s ({} events/s), verified against live: {}", definition.processor(),
                        position, Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(), Math.round(rate), verified);
            } catch (Exception e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.error("replay of {} failed; the live projection is untouched", definition.processor(), e);
                processing.eventProcessor(definition.processor(), StreamingEventProcessor.class)
                        .filter(p -> !p.isRunning()).ifPresent(StreamingEventProcessor::start);
            } finally {
                if (replay != null && replay.isRunning()) {
                    replay.shutDown();
                }
                coordinator.shutdownNow();
                workers.shutdownNow();
                jdbc.sql("delete from token_entry where processor_name = ?").param(replayName).update();
                // finishedAt before the final state, so whoever sees DONE or FAILED also sees when
                synchronized (this) {
                    finishedAt = clock.instant();
                    state = outcome;
                }
            }
        }

        @SuppressWarnings("unchecked")
        private StreamableMessageSource<TrackedEventMessage<?>> messageSource() {
            return (StreamableMessageSource<TrackedEventMessage<?>>) (StreamableMessageSource<?>) eventStore;
        }

        private MessageHandlerInterceptor<EventMessage<?>> shadowWriter() {
            return (unitOfWork, chain) -> Tables.inShadow(chain::proceed);
        }

        private void waitUntilCaughtUp(String follower, String leader) throws InterruptedException {
            long lastLog = System.nanoTime() - PROGRESS_LOG_INTERVAL.toNanos();
            long lastPosition = 0;
            long lastTime = System.nanoTime();
            while (true) {
                head = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
                position = minimum(follower);
                long now = System.nanoTime();
                double seconds = (now - lastTime) / 1e9;
                if (seconds >= 1) {
                    rate = (position - lastPosition) / seconds;
                    lastPosition = position;
                    lastTime = now;
                }
                long target = minimum(leader);
                if (position >= target && position > 0 || head == 0) {
                    return;
                }
                if (now - lastLog >= PROGRESS_LOG_INTERVAL.toNanos()) {
                    log.info("replay of {}: position {} of {} ({} events/s)", definition.processor(), position, head, Math.round(rate));
                    lastLog = now;
                }
                Thread.sleep(50);
            }
        }

        private long minimum(String processor) {
            Map<Integer, TrackingToken> tokens = freshness.tokens(processor);
            if (tokens.isEmpty()) {
                return 0;
            }
            return tokens.values().stream().mapToLong(t -> t == null ? 0 : t.position().orElse(0)).min().orElse(0);
        }

        private void prepareShadowTables() {
            transactions.executeWithoutResult(tx -> {
                for (String table : definition.tables()) {
                    String shadow = table + Tables.SHADOW_SUFFIX;
                    jdbc.sql("drop table if exists " + shadow).update();
                    jdbc.sql("create table " + shadow + " (like " + table + " including all)").update();
                }
            });
        }

        /**
         * In one transaction: each shadow table replaces its live table under the same name, its indexes
         * and constraints take back the live ones' names (so later migrations find them), and the live
         * processor's tokens become the replay's.
         */
        private void swap() {
            transactions.executeWithoutResult(tx -> {
                for (String table : definition.tables()) {
                    String shadow = table + Tables.SHADOW_SUFFIX;
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
                jdbc.sql("""
                                update token_entry live set token = replay.token, token_type = replay.token_type,
                                                            timestamp = replay.timestamp, owner = null
                                from token_entry replay
                                where live.processor_name = ? and replay.processor_name = ? and live.segment = replay.segment""")
                        .params(definition.processor(), replayName)
                        .update();
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
}
