package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.api.agreement.AmendAgreement;
import com.msoledger.api.agreement.EstablishAgreement;
import com.msoledger.api.agreement.TerminateAgreement;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Money;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.party.UsStates;
import com.msoledger.ledger.common.RuleViolation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One management services agreement between one MSO and one practice: the consistency boundary of
 * everything recorded under it. Each command handler states its rules, then applies one event.
 */
@Aggregate(snapshotTriggerDefinition = "agreementSnapshotTrigger")
class Agreement {

    static final int MAX_REASON = 500;

    @AggregateIdentifier
    private String streamId;
    private AgreementId agreementId;
    private String currency;
    private LocalDate effectiveFrom;
    private LocalDate effectiveTo;
    private AgreementTerminated termination;
    private List<TermsVersion> versions = new ArrayList<>();
    private Map<String, AgreementAmended> amendments = new HashMap<>();

    Agreement() {
        // for Axon
    }

    @CommandHandler
    Agreement(EstablishAgreement command, PartyDirectory parties) {
        requireParty(parties, command.msoId(), PartyKind.MSO, "msoId");
        requireParty(parties, command.practiceId(), PartyKind.PRACTICE, "practiceId");
        requireCurrency(command.currency());
        if (!UsStates.isValid(command.state())) {
            throw RuleViolation.invalid("unknown-state", "state", "state must be a two-letter US state code such as CA");
        }
        if (command.effectiveFrom() == null) {
            throw RuleViolation.invalid("missing-field", "effectiveFrom", "effectiveFrom is required");
        }
        if (command.effectiveFrom().getDayOfMonth() != 1) {
            throw RuleViolation.invalid("not-period-start", "effectiveFrom",
                    "effectiveFrom must be the first day of a month, so every period has one set of terms");
        }
        if (command.effectiveTo() != null && !command.effectiveTo().isAfter(command.effectiveFrom())) {
            throw RuleViolation.invalid("term-inverted", "effectiveTo", "effectiveTo must be after effectiveFrom");
        }
        TermsRules.requireText(command.fmvOpinionReference(), "fmvOpinionReference", TermsRules.MAX_TEXT);
        TermsRules.requireValid(command.terms(), command.currency(), "terms");
        apply(new AgreementEstablished(command.agreementId(), command.msoId(), command.practiceId(), command.currency(),
                command.state(), command.effectiveFrom(), command.effectiveTo(), command.fmvOpinionReference(),
                command.terms()));
    }

    /**
     * Rules: the amendment id is well formed and, if used before, used for the same content; the
     * agreement is not terminated before the new terms would start; the new terms start on the first
     * day of a month after today and after the latest version; the terms are consistent.
     *
     * @return the amendment as recorded (the original one for a repeated request)
     */
    @CommandHandler
    AgreementAmended handle(AmendAgreement command, Clock clock) {
        if (!Identifiers.isValid(command.amendmentId())) {
            throw RuleViolation.invalid("invalid-id", "amendmentId", "amendmentId must be 1-64 characters of letters, digits, '.', '_', ':' or '-'");
        }
        AgreementAmended earlier = amendments.get(command.amendmentId());
        if (earlier != null) {
            if (Objects.equals(earlier.effectiveFrom(), command.effectiveFrom())
                    && Objects.equals(earlier.terms(), command.terms())
                    && Objects.equals(earlier.fmvOpinionReference(), command.fmvOpinionReference())) {
                return earlier;
            }
            throw RuleViolation.conflict("id-reused", "amendmentId",
                    "amendment " + command.amendmentId() + " was already recorded with other content");
        }
        if (command.effectiveFrom() == null) {
            throw RuleViolation.invalid("missing-field", "effectiveFrom", "effectiveFrom is required");
        }
        LocalDate today = LocalDate.now(clock);
        if (!command.effectiveFrom().isAfter(today)) {
            throw RuleViolation.invalid("amendment-not-in-future", "effectiveFrom",
                    "amended terms must take effect after today (" + today + "); past and current periods keep their terms");
        }
        if (command.effectiveFrom().getDayOfMonth() != 1) {
            throw RuleViolation.invalid("not-period-start", "effectiveFrom",
                    "amended terms must take effect on the first day of a month, never mid-period");
        }
        TermsVersion latest = versions.get(versions.size() - 1);
        if (!command.effectiveFrom().isAfter(latest.effectiveFrom())) {
            throw RuleViolation.invalid("amendment-out-of-order", "effectiveFrom",
                    "terms version " + latest.version() + " already takes effect on " + latest.effectiveFrom()
                            + "; a new version must start after it");
        }
        LocalDate end = lastDay();
        if (end != null && command.effectiveFrom().isAfter(end)) {
            throw RuleViolation.invalid("after-agreement-end", "effectiveFrom", "the agreement ends on " + end);
        }
        TermsRules.requireText(command.fmvOpinionReference(), "fmvOpinionReference", TermsRules.MAX_TEXT);
        TermsRules.requireValid(command.terms(), currency, "terms");
        AgreementAmended amended = new AgreementAmended(agreementId, command.amendmentId(), latest.version() + 1,
                command.effectiveFrom(), command.fmvOpinionReference(), command.terms());
        apply(amended);
        return amended;
    }

    /**
     * Rules: the end date is today or later and not before the agreement's start; an agreement ends
     * once (repeating the same termination returns it again).
     *
     * @return the termination as recorded
     */
    @CommandHandler
    AgreementTerminated handle(TerminateAgreement command, Clock clock) {
        if (termination != null) {
            if (Objects.equals(termination.effectiveTo(), command.effectiveTo())
                    && Objects.equals(termination.reason(), command.reason())) {
                return termination;
            }
            throw RuleViolation.conflict("already-terminated", "effectiveTo",
                    "the agreement was already terminated effective " + termination.effectiveTo());
        }
        if (command.effectiveTo() == null) {
            throw RuleViolation.invalid("missing-field", "effectiveTo", "effectiveTo is required");
        }
        if (command.reason() == null) {
            throw RuleViolation.invalid("missing-field", "reason", "reason is required");
        }
        TermsRules.requireText(command.reason(), "reason", MAX_REASON);
        LocalDate today = LocalDate.now(clock);
        if (command.effectiveTo().isBefore(today)) {
            throw RuleViolation.invalid("termination-in-past", "effectiveTo",
                    "an agreement cannot be ended retroactively; effectiveTo must be " + today + " or later");
        }
        if (command.effectiveTo().isBefore(effectiveFrom)) {
            throw RuleViolation.invalid("term-inverted", "effectiveTo", "effectiveTo must not be before the agreement's start " + effectiveFrom);
        }
        if (effectiveTo != null && command.effectiveTo().isAfter(effectiveTo)) {
            throw RuleViolation.invalid("after-agreement-end", "effectiveTo",
                    "the agreement's term already ends on " + effectiveTo + "; a termination can only end it earlier");
        }
        AgreementTerminated terminated = new AgreementTerminated(agreementId, command.effectiveTo(), command.reason());
        apply(terminated);
        return terminated;
    }

    @EventSourcingHandler
    void on(AgreementEstablished event) {
        streamId = event.agreementId().streamId();
        agreementId = event.agreementId();
        currency = event.currency();
        effectiveFrom = event.effectiveFrom();
        effectiveTo = event.effectiveTo();
        versions.add(new TermsVersion(1, event.effectiveFrom(), event.terms()));
    }

    @EventSourcingHandler
    void on(AgreementAmended event) {
        amendments.put(event.amendmentId(), event);
        versions.add(new TermsVersion(event.termsVersion(), event.effectiveFrom(), event.terms()));
    }

    @EventSourcingHandler
    void on(AgreementTerminated event) {
        termination = event;
    }

    /** The terms in force on a date: the latest version that started on or before it. */
    Optional<TermsVersion> termsOn(LocalDate date) {
        TermsVersion found = null;
        for (TermsVersion version : versions) {
            if (!version.effectiveFrom().isAfter(date)) {
                found = version;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The last day anything may be recorded, or null while open-ended. */
    private LocalDate lastDay() {
        if (termination != null) {
            return termination.effectiveTo();
        }
        return effectiveTo;
    }

    private static void requireParty(PartyDirectory parties, PartyId id, PartyKind expected, String field) {
        if (id == null) {
            throw RuleViolation.invalid("missing-field", field, field + " is required");
        }
        PartyKind kind = parties.kindOf(id)
                .orElseThrow(() -> RuleViolation.invalid("unknown-party", field, "no party is registered as " + id));
        if (kind != expected) {
            throw RuleViolation.invalid("wrong-party-kind", field, "party " + id + " is registered as " + kind + ", not " + expected);
        }
    }

    private static void requireCurrency(String currency) {
        try {
            Money.zero(currency);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw RuleViolation.invalid("unknown-currency", "currency", "currency must be an ISO 4217 code such as USD");
        }
    }

    /** One version of the terms and the day it starts governing. */
    record TermsVersion(int version, LocalDate effectiveFrom, AgreementTerms terms) {
    }
}
