package com.msoledger.ledger.command;

import com.msoledger.api.entry.EntryCommand;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.storage.AggregateCache;
import com.msoledger.ledger.storage.RecordedEvents;
import com.msoledger.ledger.web.LedgerMetadata;
import com.msoledger.ledger.web.RequestContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one way commands reach the aggregates from HTTP, single ones and batches alike. For each command
 * it
 * <ul>
 *   <li>sends it with the request's actor, correlation id and Idempotency-Key as metadata (which
 *   {@link LedgerMetadata} copies onto every event);</li>
 *   <li>lets writers of the same agreement in this instance take turns ({@link StreamLocks});</li>
 *   <li>runs it in a savepoint of the caller's transaction, the one that also stores the request's
 *   Idempotency-Key, so the effect and the key commit together (without a transaction, in one of its
 *   own);</li>
 *   <li>retries a lost race on the agreement's stream from that savepoint, on the fresh state, as
 *   {@link CommandProperties} says, and nothing else: a refused command stays refused;</li>
 *   <li>times and counts it: {@code ledger_command_seconds} and {@code ledger_commands_total}, tagged
 *   {@code command} and {@code outcome} ({@code ok}, {@code refused} for a business rule,
 *   {@code error});</li>
 *   <li>and answers with what it recorded, the payloads as the handler applied them, and where they
 *   landed in the event store's global order, or for a repeat with the original (see
 *   {@link Dispatched}).</li>
 * </ul>
 */
@Component
@EnableConfigurationProperties(CommandProperties.class)
public class CommandDispatcher {

    /** Response header carrying the position to read at to see a command's effect, for {@code ?minPosition=}. */
    public static final String POSITION_HEADER = "Ledger-Position";

    private static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

    private final CommandGateway gateway;
    private final TransactionTemplate savepoint;
    private final AggregateCache aggregates;
    private final AppliedEvents applied;
    private final RecordedEvents recordedEvents;
    private final MeterRegistry meters;
    private final CommandProperties policy;
    private final StreamLocks streamLocks = new StreamLocks();

    CommandDispatcher(CommandBus commandBus, EventStore eventStore, PlatformTransactionManager transactionManager,
                      AggregateCache aggregates, RecordedEvents recordedEvents, MeterRegistry meters,
                      CommandProperties policy) {
        this.gateway = DefaultCommandGateway.builder().commandBus(commandBus).build();
        this.savepoint = new TransactionTemplate(transactionManager);
        // inside the request's transaction (idempotency keys): a savepoint; without one: a transaction of its own
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.aggregates = aggregates;
        this.applied = new AppliedEvents(eventStore);
        this.recordedEvents = recordedEvents;
        this.meters = meters;
        this.policy = policy;
    }

    /**
     * Dispatches a command that records something whenever it succeeds (registering a party,
     * establishing an agreement: their ids are taken once). Refusals surface as the exception the
     * handler threw.
     */
    public <R> Dispatched<R> dispatch(Object command, HttpServletRequest request) {
        return dispatch(command, null, request);
    }

    /**
     * Dispatches a command that a repeated request makes record nothing; it is then answered with the
     * event {@code original} names. Refusals surface as the exception the handler threw.
     */
    @SuppressWarnings("unchecked")
    public <R> Dispatched<R> dispatch(Object command, Original original, HttpServletRequest request) {
        Runnable unlock = lock(command instanceof EntryCommand entry ? List.of(entry) : List.of());
        try {
            return (Dispatched<R>) land(List.of(send(command, original, request))).get(0);
        } finally {
            unlock.run();
        }
    }

    /**
     * Dispatches entry commands all or nothing: every one is recorded, or (the first refusal stops
     * them) none is, in a savepoint around them all.
     *
     * @return each command's outcome, in order
     * @throws BatchRefused naming the refused command and what refused it; nothing was recorded
     */
    public List<Dispatched<?>> dispatchAll(List<? extends EntryCommand> commands, HttpServletRequest request) {
        Runnable unlock = lock(commands);
        try {
            List<Sent> sent;
            try {
                sent = savepoint.execute(all -> {
                    List<Sent> done = new ArrayList<>();
                    for (int i = 0; i < commands.size(); i++) {
                        try {
                            done.add(send(commands.get(i), Original.entry(commands.get(i)), request));
                        } catch (RuntimeException e) {
                            throw new BatchRefused(i, e); // rolls back to the savepoint before the first command
                        }
                    }
                    return done;
                });
            } catch (BatchRefused e) {
                aggregates.discardPending();
                throw e;
            }
            return land(sent);
        } finally {
            unlock.run();
        }
    }

    /**
     * Dispatches entry commands each on its own: every one is recorded or refused independently (a
     * savepoint each).
     *
     * @return each command's outcome, in order
     */
    public List<Attempt> dispatchEach(List<? extends EntryCommand> commands, HttpServletRequest request) {
        Runnable unlock = lock(commands);
        try {
            List<Sent> sent = new ArrayList<>();
            Map<Integer, RuntimeException> refusals = new HashMap<>();
            for (int i = 0; i < commands.size(); i++) {
                try {
                    sent.add(send(commands.get(i), Original.entry(commands.get(i)), request));
                } catch (RuntimeException e) {
                    refusals.put(i, e);
                }
            }
            List<Dispatched<?>> landed = land(sent);
            List<Attempt> attempts = new ArrayList<>(commands.size());
            int next = 0;
            for (int i = 0; i < commands.size(); i++) {
                attempts.add(refusals.containsKey(i) ? new Attempt(null, refusals.get(i)) : new Attempt(landed.get(next++), null));
            }
            return attempts;
        } finally {
            unlock.run();
        }
    }

    /** One command of {@link #dispatchEach}: recorded ({@code dispatched}), or refused with what refused it. */
    public record Attempt(Dispatched<?> dispatched, RuntimeException refusal) {
    }

    /** An all-or-nothing dispatch stopped at the command at {@code index}; nothing of it was recorded. */
    public static final class BatchRefused extends RuntimeException {

        private final int index;

        BatchRefused(int index, RuntimeException refusal) {
            super("command " + index + " was refused", refusal, false, false);
            this.index = index;
        }

        public int index() {
            return index;
        }

        /** What refused the command, as its handler (or the store) threw it. */
        public RuntimeException refusal() {
            return (RuntimeException) getCause();
        }
    }

    /** A command handled, not yet told where its events landed. */
    private record Sent(Object result, List<EventMessage<?>> applied, Original original) {
    }

    /** Writers of the same agreements in this instance wait until the current transaction ends (see {@link StreamLocks}). */
    private Runnable lock(Collection<? extends EntryCommand> commands) {
        return commands.isEmpty() ? () -> {
        } : streamLocks.lockUntilCompletion(commands.stream().map(EntryCommand::targetStream).toList());
    }

    /**
     * Handles the command on this thread in a savepoint, retrying a lost race on its stream; a failed
     * attempt leaves nothing behind, in the store or in the aggregate cache.
     */
    private Sent send(Object command, Original original, HttpServletRequest request) {
        CommandMessage<Object> message = message(command, request);
        long started = System.nanoTime();
        String outcome = "error";
        try {
            for (int attempt = 1; ; attempt++) {
                List<EventMessage<?>> events = new ArrayList<>();
                try {
                    Object result = savepoint.execute(status -> applied.during(events, () -> gateway.sendAndWait(message)));
                    outcome = "ok";
                    return new Sent(result, events, original);
                } catch (ConcurrencyException e) {
                    aggregates.discardPending();
                    if (attempt >= policy.maxAttempts()) {
                        throw e;
                    }
                    pause(attempt);
                } catch (RuntimeException e) {
                    // what this transaction cached since its savepoint is not what it will commit
                    aggregates.discardPending();
                    throw e;
                }
            }
        } catch (RuleViolation e) {
            outcome = "refused";
            throw e;
        } finally {
            String name = command.getClass().getSimpleName();
            meters.timer("ledger.command", "command", name, "outcome", outcome)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            meters.counter("ledger.commands", "command", name, "outcome", outcome).increment();
        }
    }

    /** Where the commands' events landed (one query for them all), and the originals of repeats (one query each). */
    private List<Dispatched<?>> land(List<Sent> sent) {
        Map<String, RecordedEvents.Landing> landings = recordedEvents.landings(sent.stream()
                .flatMap(command -> command.applied().stream()).map(EventMessage::getIdentifier).toList());
        List<Dispatched<?>> dispatched = new ArrayList<>(sent.size());
        for (Sent command : sent) {
            if (command.applied().isEmpty()) {
                RecordedEvents.Stored stored = original(command.original()).orElseThrow(() -> new IllegalStateException(
                        "the command recorded nothing and its original was not found: " + command.original()));
                dispatched.add(new Dispatched<>(command.result(), List.of(),
                        new Recorded<>(stored.payload(), stored.position(), stored.recordedAt())));
            } else {
                List<Recorded<?>> events = new ArrayList<>();
                for (EventMessage<?> event : command.applied()) {
                    RecordedEvents.Landing landing = landings.get(event.getIdentifier());
                    if (landing == null) {
                        throw new IllegalStateException("event " + event.getIdentifier() + " applied but not in the event store");
                    }
                    events.add(new Recorded<>(event.getPayload(), landing.position(), landing.recordedAt()));
                }
                dispatched.add(new Dispatched<>(command.result(), events, null));
            }
        }
        return dispatched;
    }

    private Optional<RecordedEvents.Stored> original(Original original) {
        if (original instanceof Original.Entry entry) {
            return recordedEvents.entry(entry.agreementId(), entry.entryId());
        }
        if (original instanceof Original.FirstEvent first) {
            return recordedEvents.first(first.streamId(), first.payloadType(), first.field(), first.value());
        }
        return Optional.empty();
    }

    private static CommandMessage<Object> message(Object command, HttpServletRequest request) {
        RequestContext context = RequestContext.of(request);
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(LedgerMetadata.ACTOR, context.actor());
        metadata.put(LedgerMetadata.CORRELATION_ID, context.correlationId());
        String idempotencyKey = request.getHeader(IDEMPOTENCY_KEY_HEADER);
        if (idempotencyKey != null) {
            metadata.put(LedgerMetadata.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata));
    }

    private void pause(int attempt) {
        try {
            TimeUnit.NANOSECONDS.sleep(policy.pauseAfter(attempt).toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a command", e);
        }
    }
}
