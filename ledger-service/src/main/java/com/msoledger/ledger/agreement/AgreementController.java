package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.AmendAgreement;
import com.msoledger.api.agreement.EstablishAgreement;
import com.msoledger.api.agreement.TerminateAgreement;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.api.http.AgreementResource;
import com.msoledger.api.http.ComplianceFlagResource;
import com.msoledger.api.http.TermsVersionResource;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;
import com.msoledger.ledger.registry.AgreementRegistry;
import com.msoledger.ledger.web.CommandSender;
import com.msoledger.ledger.web.Input;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Establishes, amends and terminates agreements. Reading them is the projections' job.
 */
@RestController
@RequestMapping(path = "/api/v1/agreements", produces = MediaType.APPLICATION_JSON_VALUE)
class AgreementController {

    private final CommandSender commands;
    private final AgreementRegistry registry;
    private final JdbcClient jdbc;
    private final Serializer eventSerializer;

    AgreementController(CommandSender commands, AgreementRegistry registry, JdbcClient jdbc,
                        @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.commands = commands;
        this.registry = registry;
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
    }

    /** The body of {@code POST /api/v1/agreements}. */
    record EstablishAgreementRequest(String agreementId, String msoId, String practiceId, String currency, String state,
                                     String effectiveFrom, String effectiveTo, String fmvOpinionReference,
                                     TermsInput terms) {
    }

    /** The body of {@code POST /api/v1/agreements/{id}/amendments}. */
    record AmendAgreementRequest(String amendmentId, String effectiveFrom, String fmvOpinionReference, TermsInput terms) {
    }

    /** The body of {@code POST /api/v1/agreements/{id}/termination}. */
    record TerminateAgreementRequest(String effectiveTo, String reason) {
    }

    /** The answer to a termination. */
    record TerminationResource(AgreementId agreementId, LocalDate effectiveTo, String reason) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AgreementResource> establish(@RequestBody EstablishAgreementRequest body, HttpServletRequest request) {
        Input in = new Input();
        AgreementId agreementId = in.agreementId(body.agreementId(), "agreementId");
        PartyId msoId = in.partyId(body.msoId(), "msoId");
        PartyId practiceId = in.partyId(body.practiceId(), "practiceId");
        String currency = in.currency(body.currency(), "currency");
        String state = in.required(body.state(), "state");
        LocalDate from = in.date(body.effectiveFrom(), "effectiveFrom", true);
        LocalDate to = in.date(body.effectiveTo(), "effectiveTo", false);
        String fmvReference = in.text(body.fmvOpinionReference(), "fmvOpinionReference", TermsRules.MAX_TEXT, false);
        AgreementTerms terms = TermsInput.parse(body.terms(), currency, in, "terms");
        in.validate();

        EstablishAgreement command = new EstablishAgreement(agreementId, msoId, practiceId, currency, state, from, to,
                fmvReference, terms);
        commands.send(command, request);
        CommandSender.Recorded recorded = commands.recorded(agreementId.streamId(), AgreementEstablished.class, null, null);
        AgreementResource resource = new AgreementResource(agreementId, msoId, practiceId, currency, state, from, to,
                "ACTIVE", null, fmvReference, recorded.recordedAt(),
                List.of(new TermsVersionResource(1, null, from, fmvReference, terms, recorded.recordedAt())),
                flagsRaised(agreementId, state));
        return ResponseEntity.created(URI.create("/api/v1/agreements/" + agreementId.value()))
                .header(CommandSender.POSITION_HEADER, Long.toString(lastPosition(agreementId, recorded)))
                .body(resource);
    }

    @PostMapping(path = "/{agreementId}/amendments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TermsVersionResource> amend(@PathVariable String agreementId, @RequestBody AmendAgreementRequest body,
                                               HttpServletRequest request) {
        AgreementRegistry.Known agreement = registry.require(agreementId);
        Input in = new Input();
        String amendmentId = in.identifier(body.amendmentId(), "amendmentId");
        LocalDate from = in.date(body.effectiveFrom(), "effectiveFrom", true);
        String fmvReference = in.text(body.fmvOpinionReference(), "fmvOpinionReference", TermsRules.MAX_TEXT, false);
        AgreementTerms terms = TermsInput.parse(body.terms(), agreement.currency(), in, "terms");
        in.validate();

        AgreementAmended amended = commands.send(
                new AmendAgreement(agreement.agreementId(), amendmentId, from, fmvReference, terms), request);
        CommandSender.Recorded recorded = commands.recorded(agreement.agreementId().streamId(), AgreementAmended.class,
                "amendmentId", amended.amendmentId());
        TermsVersionResource resource = new TermsVersionResource(amended.termsVersion(), amended.amendmentId(),
                amended.effectiveFrom(), amended.fmvOpinionReference(), amended.terms(), recorded.recordedAt());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(CommandSender.POSITION_HEADER, Long.toString(lastPosition(agreement.agreementId(), recorded)))
                .body(resource);
    }

    @PostMapping(path = "/{agreementId}/termination", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TerminationResource> terminate(@PathVariable String agreementId,
                                                  @RequestBody TerminateAgreementRequest body,
                                                  HttpServletRequest request) {
        AgreementRegistry.Known agreement = registry.require(agreementId);
        Input in = new Input();
        LocalDate to = in.date(body.effectiveTo(), "effectiveTo", true);
        String reason = in.multilineText(body.reason(), "reason", Agreement.MAX_REASON, true);
        in.validate();

        AgreementTerminated terminated = commands.send(new TerminateAgreement(agreement.agreementId(), to, reason), request);
        CommandSender.Recorded recorded = commands.recorded(agreement.agreementId().streamId(), AgreementTerminated.class,
                null, null);
        return ResponseEntity.ok()
                .header(CommandSender.POSITION_HEADER, Long.toString(lastPosition(agreement.agreementId(), recorded)))
                .body(new TerminationResource(terminated.agreementId(), terminated.effectiveTo(), terminated.reason()));
    }

    /**
     * The position to read at to see a command's whole effect: compliance flags are recorded after the
     * event the command is about, so the stream's newest event (never earlier than that event).
     */
    private long lastPosition(AgreementId agreementId, CommandSender.Recorded recorded) {
        return Math.max(recorded.position(), commands.lastRecorded(agreementId.streamId()).position());
    }

    /** The flags an agreement was established with, from the event store: all open, since nothing followed yet. */
    private List<ComplianceFlagResource> flagsRaised(AgreementId agreementId, String state) {
        return jdbc.sql("""
                        select payload, payload_type, payload_revision, time_stamp, global_index
                        from domain_event_entry where aggregate_identifier = ? and payload_type = ?
                        order by sequence_number""")
                .params(agreementId.streamId(), ComplianceFlagRaised.class.getName())
                .query((rs, n) -> {
                    SerializedType type = new SimpleSerializedType(rs.getString(2), rs.getString(3));
                    ComplianceFlagRaised flag = eventSerializer.deserialize(
                            new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, type));
                    return new ComplianceFlagResource(flag.agreementId(), state, flag.flagId(), flag.ruleId(),
                            flag.citation(), flag.summary(), ComplianceFlagResource.OPEN, flag.facts(),
                            Instant.parse(rs.getString(4)), rs.getLong(5), null, null);
                })
                .list();
    }

}
