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
import com.msoledger.ledger.command.CommandDispatcher;
import com.msoledger.ledger.command.Dispatched;
import com.msoledger.ledger.command.Original;
import com.msoledger.ledger.command.Recorded;
import com.msoledger.ledger.web.RequestFields;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;

/**
 * Establishes, amends and terminates agreements. Reading them is the projections' job.
 */
@RestController
@RequestMapping(path = "/api/v1/agreements", produces = MediaType.APPLICATION_JSON_VALUE)
class AgreementController {

    private final CommandDispatcher commands;
    private final AgreementDirectory registry;

    AgreementController(CommandDispatcher commands, AgreementDirectory registry) {
        this.commands = commands;
        this.registry = registry;
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
        RequestFields in = new RequestFields();
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

        Dispatched<Object> sent = commands.dispatch(new EstablishAgreement(agreementId, msoId, practiceId, currency, state,
                from, to, fmvReference, terms), request);
        Recorded<AgreementEstablished> recorded = sent.answer(AgreementEstablished.class);
        AgreementEstablished established = recorded.payload();
        AgreementResource resource = new AgreementResource(established.agreementId(), established.msoId(),
                established.practiceId(), established.currency(), established.state(), established.effectiveFrom(),
                established.effectiveTo(), "ACTIVE", null, established.fmvOpinionReference(), recorded.recordedAt(),
                List.of(new TermsVersionResource(1, null, established.effectiveFrom(), established.fmvOpinionReference(),
                        established.terms(), recorded.recordedAt())),
                flagsRaised(sent, established.state()));
        return ResponseEntity.created(URI.create("/api/v1/agreements/" + agreementId.value()))
                .header(CommandDispatcher.POSITION_HEADER, Long.toString(sent.position()))
                .body(resource);
    }

    @PostMapping(path = "/{agreementId}/amendments", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TermsVersionResource> amend(@PathVariable String agreementId, @RequestBody AmendAgreementRequest body,
                                               HttpServletRequest request) {
        AgreementDirectory.RegisteredAgreement agreement = registry.require(agreementId);
        RequestFields in = new RequestFields();
        String amendmentId = in.identifier(body.amendmentId(), "amendmentId");
        LocalDate from = in.date(body.effectiveFrom(), "effectiveFrom", true);
        String fmvReference = in.text(body.fmvOpinionReference(), "fmvOpinionReference", TermsRules.MAX_TEXT, false);
        AgreementTerms terms = TermsInput.parse(body.terms(), agreement.currency(), in, "terms");
        in.validate();

        Dispatched<AgreementAmended> sent = commands.dispatch(
                new AmendAgreement(agreement.agreementId(), amendmentId, from, fmvReference, terms),
                Original.first(agreement.agreementId().streamId(), AgreementAmended.class, "amendmentId", amendmentId),
                request);
        AgreementAmended amended = sent.result();
        TermsVersionResource resource = new TermsVersionResource(amended.termsVersion(), amended.amendmentId(),
                amended.effectiveFrom(), amended.fmvOpinionReference(), amended.terms(),
                sent.answer(AgreementAmended.class).recordedAt());
        return ResponseEntity.status(HttpStatus.CREATED)
                .header(CommandDispatcher.POSITION_HEADER, Long.toString(sent.position()))
                .body(resource);
    }

    @PostMapping(path = "/{agreementId}/termination", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TerminationResource> terminate(@PathVariable String agreementId,
                                                  @RequestBody TerminateAgreementRequest body,
                                                  HttpServletRequest request) {
        AgreementDirectory.RegisteredAgreement agreement = registry.require(agreementId);
        RequestFields in = new RequestFields();
        LocalDate to = in.date(body.effectiveTo(), "effectiveTo", true);
        String reason = in.multilineText(body.reason(), "reason", Agreement.MAX_REASON, true);
        in.validate();

        Dispatched<AgreementTerminated> sent = commands.dispatch(new TerminateAgreement(agreement.agreementId(), to, reason),
                Original.first(agreement.agreementId().streamId(), AgreementTerminated.class), request);
        AgreementTerminated terminated = sent.result();
        return ResponseEntity.ok()
                .header(CommandDispatcher.POSITION_HEADER, Long.toString(sent.position()))
                .body(new TerminationResource(terminated.agreementId(), terminated.effectiveTo(), terminated.reason()));
    }

    /** The flags the establishment recorded after the agreement: all open, since nothing followed yet. */
    private static List<ComplianceFlagResource> flagsRaised(Dispatched<?> establishment, String state) {
        return establishment.events(ComplianceFlagRaised.class).stream()
                .map(raised -> {
                    ComplianceFlagRaised flag = raised.payload();
                    return new ComplianceFlagResource(flag.agreementId(), state, flag.flagId(), flag.ruleId(),
                            flag.citation(), flag.summary(), ComplianceFlagResource.OPEN, flag.facts(),
                            raised.recordedAt(), raised.position(), null, null);
                })
                .toList();
    }

}
