package com.msoledger.projections.admin;

import com.msoledger.projections.support.Freshness;
import com.msoledger.projections.support.ProjectionDefinition;
import com.msoledger.projections.support.Tables;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Rebuilds a projection from the first event without readers ever seeing a half-built table: a second
 * processor replays the whole store into {@code <table>__shadow} twins ({@link ShadowTables}) while the live
 * projection keeps serving and following new events. The twins replace the live tables only when they are
 * verified equal to them, or when the admin forces it; {@link ReplayRun} has the steps that make the check
 * exact while commands keep arriving.
 * <p>
 * This class is the registry: one replay per projection at a time, on the instance that received the request,
 * and the last one's progress kept until the service stops.
 */
@Component
public class ProjectionReplay {

    private final List<ProjectionDefinition> projections;
    private final ReplayRun.Collaborators collaborators;
    private final Map<String, ReplayRun> runs = new ConcurrentHashMap<>();
    private final ExecutorService supervisor = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "projection-replay");
        thread.setDaemon(true);
        return thread;
    });

    ProjectionReplay(EventProcessingConfiguration processing, List<ProjectionDefinition> projections, EventStore eventStore,
                     TokenStore tokenStore, TransactionManager axonTransactions, PlatformTransactionManager transactionManager,
                     JdbcClient jdbc, Freshness freshness, ProjectionChecksum checksums, Clock clock) {
        this.projections = projections;
        this.collaborators = new ReplayRun.Collaborators(processing, eventStore, tokenStore, axonTransactions,
                new TransactionTemplate(transactionManager), jdbc, freshness, checksums, clock);
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
    record Group(String processor, List<String> tables, List<ProjectionDefinition> members) implements ProjectionDefinition {

        @Override
        public Group writingTo(Tables written) {
            return new Group(processor, tables, members.stream().map(member -> member.writingTo(written)).toList());
        }
    }

    /** The replay of a projection, running or finished, if one was started since the service started. */
    public Optional<Progress> progress(String name) {
        return Optional.ofNullable(runs.get(name)).map(ReplayRun::progress);
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
        ReplayRun existing = runs.get(name);
        if (existing != null && existing.running()) {
            return Optional.of(existing.progress());
        }
        ReplayRun run = new ReplayRun(definition, force, collaborators);
        runs.put(name, run);
        supervisor.submit(run::execute);
        return Optional.of(run.progress());
    }

    public boolean isRunning(String name) {
        ReplayRun run = runs.get(name);
        return run != null && run.running();
    }
}
