package com.msoledger.ledger.web;

import com.msoledger.api.entry.EntryCommand;
import com.msoledger.ledger.storage.AggregateCache;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a command on behalf of an HTTP request, with the request's actor and correlation id as
 * metadata, and reports where its events landed in the global order of the event store.
 */
@Component
public class CommandSender {

    /** Response header carrying the global position of the command's last event, for {@code ?minPosition=}. */
    public static final String POSITION_HEADER = "Ledger-Position";

    private static final int MAX_ATTEMPTS = 6;
    private static final long RETRY_INTERVAL_MILLIS = 25;

    private final CommandGateway gateway;
    private final TransactionTemplate savepoint;
    private final AggregateCache aggregates;
    private final StreamLocks streamLocks = new StreamLocks();
    private final JdbcClient jdbc;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    CommandSender(CommandBus commandBus, PlatformTransactionManager transactionManager, AggregateCache aggregates,
                  JdbcClient jdbc, io.micrometer.core.instrument.MeterRegistry meters) {
        this.meters = meters;
        this.aggregates = aggregates;
        this.gateway = DefaultCommandGateway.builder().commandBus(commandBus).build();
        this.savepoint = new TransactionTemplate(transactionManager);
        // inside the request's transaction (idempotency keys): a savepoint; without one: a transaction of its own
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.jdbc = jdbc;
    }

    /**
     * Dispatches on the calling thread and waits for the outcome. Business-rule refusals surface as the
     * exception the handler threw. Two writers on one agreement (threads or instances) collide on the
     * unique (stream, sequence) constraint; the loser is rolled back to a savepoint and retried on the
     * fresh state, up to {@value #MAX_ATTEMPTS} times, inside the caller's transaction, so the command
     * still commits together with its idempotency key. Nothing else is retried: a refused command stays
     * refused.
     *
     * @return the handler's result
     */
    public <R> R send(Object command, HttpServletRequest request) {
        CommandMessage<Object> message = message(command, request);
        Runnable unlock = command instanceof EntryCommand entry
                ? lockUntilCompletion(List.of(entry.targetStream())) : () -> {
        };
        long started = System.nanoTime();
        String outcome = "error";
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    R result = savepoint.execute(status -> gateway.<R>sendAndWait(message));
                    outcome = "ok";
                    return result;
                } catch (ConcurrencyException e) {
                    aggregates.discardPending();
                    if (attempt >= MAX_ATTEMPTS) {
                        throw e;
                    }
                    pause(attempt);
                }
            }
        } catch (com.msoledger.ledger.common.RuleViolation e) {
            outcome = "refused";
            throw e;
        } finally {
            unlock.run();
            // ledger_command_seconds{command,outcome} and ledger_commands_total{command,outcome}
            String name = command.getClass().getSimpleName();
            meters.timer("ledger.command", "command", name, "outcome", outcome)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            meters.counter("ledger.commands", "command", name, "outcome", outcome).increment();
        }
    }

    /**
     * Makes other writers of these streams in this instance wait until the current transaction ends
     * (see {@link StreamLocks}); batches call it with all their agreements before the first item.
     *
     * @return what releases the locks when no transaction is active (a no-op inside one)
     */
    public Runnable lockUntilCompletion(Collection<String> streamIds) {
        return streamLocks.lockUntilCompletion(streamIds);
    }

    /**
     * Dispatches on the calling thread and waits, never retrying: a write conflict surfaces as
     * {@link ConcurrencyException} to the caller, which owns the savepoint to roll back to (batches) and
     * then calls {@link #discardPendingAggregates()}.
     */
    public <R> R sendOnce(Object command, HttpServletRequest request) {
        return gateway.sendAndWait(message(command, request));
    }

    /** After rolling back to a savepoint: cached aggregates changed since are not committed state. */
    public void discardPendingAggregates() {
        aggregates.discardPending();
    }

    private static CommandMessage<Object> message(Object command, HttpServletRequest request) {
        RequestContext context = RequestContext.of(request);
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(LedgerMetadata.ACTOR, context.actor());
        metadata.put(LedgerMetadata.CORRELATION_ID, context.correlationId());
        String idempotencyKey = request.getHeader("Idempotency-Key");
        if (idempotencyKey != null) {
            metadata.put(LedgerMetadata.IDEMPOTENCY_KEY, idempotencyKey);
        }
        return GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(RETRY_INTERVAL_MILLIS * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a command", e);
        }
    }

    /**
     * Where and when the newest event of a stream was recorded: a reader passing the position as
     * {@code minPosition} sees the command's effect.
     */
    public Recorded lastRecorded(String streamId) {
        return jdbc.sql("""
                        select global_index, time_stamp from domain_event_entry
                        where aggregate_identifier = ? order by sequence_number desc limit 1""")
                .param(streamId)
                .query((rs, n) -> new Recorded(rs.getLong(1), Instant.parse(rs.getString(2))))
                .optional()
                .orElse(new Recorded(0, Instant.EPOCH));
    }

    /**
     * Where and when a stream's first event of a type was recorded, optionally the one whose payload
     * field {@code field} equals {@code value}: the event a command (or its retry) is about, even when
     * later events followed it.
     */
    public Recorded recorded(String streamId, Class<?> payloadType, String field, String value) {
        return jdbc.sql("""
                        select global_index, time_stamp from domain_event_entry
                        where aggregate_identifier = :stream and payload_type = :type
                          and (cast(:field as varchar) is null
                               or convert_from(payload, 'UTF8')::jsonb ->> cast(:field as varchar) = :value)
                        order by sequence_number limit 1""")
                .param("stream", streamId)
                .param("type", payloadType.getName())
                .param("field", field)
                .param("value", value)
                .query((rs, n) -> new Recorded(rs.getLong(1), Instant.parse(rs.getString(2))))
                .optional()
                .orElseGet(() -> lastRecorded(streamId));
    }

    /** The global position and recording time of an event. */
    public record Recorded(long position, Instant recordedAt) {
    }
}
