package com.msoledger.ledger.web;

import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends a command on behalf of an HTTP request, with the request's actor and correlation id as
 * metadata, and reports where its events landed in the global order of the event store.
 */
@Component
public class CommandSender {

    /** Response header carrying the global position of the command's last event, for {@code ?minPosition=}. */
    public static final String POSITION_HEADER = "Ledger-Position";

    private final CommandGateway gateway;
    private final JdbcClient jdbc;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    CommandSender(CommandGateway gateway, JdbcClient jdbc, io.micrometer.core.instrument.MeterRegistry meters) {
        this.gateway = gateway;
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /**
     * Dispatches and waits for the outcome. Business-rule refusals surface as the exception the
     * handler threw.
     *
     * @return the handler's result
     */
    public <R> R send(Object command, HttpServletRequest request) {
        RequestContext context = RequestContext.of(request);
        Map<String, Object> metadata = new HashMap<>();
        metadata.put(LedgerMetadata.ACTOR, context.actor());
        metadata.put(LedgerMetadata.CORRELATION_ID, context.correlationId());
        String idempotencyKey = request.getHeader("Idempotency-Key");
        if (idempotencyKey != null) {
            metadata.put(LedgerMetadata.IDEMPOTENCY_KEY, idempotencyKey);
        }
        String name = command.getClass().getSimpleName();
        long started = System.nanoTime();
        String outcome = "error";
        try {
            R result = gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(MetaData.from(metadata)));
            outcome = "ok";
            return result;
        } catch (com.msoledger.ledger.common.RuleViolation e) {
            outcome = "refused";
            throw e;
        } finally {
            // ledger_command_seconds{command,outcome} and ledger_commands_total{command,outcome}
            meters.timer("ledger.command", "command", name, "outcome", outcome)
                    .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            meters.counter("ledger.commands", "command", name, "outcome", outcome).increment();
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
