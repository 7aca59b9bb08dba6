package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.AmendAgreement;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.compliance.ComplianceRules;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The versions of an agreement's terms, each governing from its first day: terms are set in advance,
 * so a new version starts on the first of a month after today and after the latest version, and never
 * changes how a past or current period is charged.
 */
final class TermsHistory {

    /** One version of the terms and the day it starts governing. */
    record TermsVersion(int version, LocalDate effectiveFrom, AgreementTerms terms) {
    }

    private final List<TermsVersion> versions = new ArrayList<>();
    private final Map<String, AgreementAmended> amendments = new HashMap<>();
    /** The latest FMV opinion reference given (at establishment or by an amendment), or null. */
    private String fmvOpinionReference;

    TermsHistory() {
        // for snapshots
    }

    TermsHistory(LocalDate effectiveFrom, AgreementTerms terms, String fmvOpinionReference) {
        versions.add(new TermsVersion(1, effectiveFrom, terms));
        this.fmvOpinionReference = fmvOpinionReference;
    }

    void amended(AgreementAmended event) {
        amendments.put(event.amendmentId(), event);
        if (event.fmvOpinionReference() != null) {
            fmvOpinionReference = event.fmvOpinionReference();
        }
        versions.add(new TermsVersion(event.termsVersion(), event.effectiveFrom(), event.terms()));
    }

    String fmvOpinionReference() {
        return fmvOpinionReference;
    }

    TermsVersion latest() {
        return versions.get(versions.size() - 1);
    }

    /** The terms in force on a date: the latest version that started on or before it. */
    Optional<TermsVersion> on(LocalDate date) {
        TermsVersion found = null;
        for (TermsVersion version : versions) {
            if (!version.effectiveFrom().isAfter(date)) {
                found = version;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The terms in force for a period, refusing a missing period or one before the first terms. */
    TermsVersion forPeriod(Period period) {
        if (period == null) {
            throw RuleViolation.invalid("missing-field", "period", "period is required");
        }
        return on(period.firstDay()).orElseThrow(() -> RuleViolation.invalid("before-agreement-start", "period",
                "no terms are in force for " + period));
    }

    /**
     * The amendment recorded earlier under this id with the same content (a retry), or empty for a new
     * id; the same id with other content is refused.
     */
    Optional<AgreementAmended> repeatOf(AmendAgreement command) {
        AgreementAmended earlier = amendments.get(command.amendmentId());
        if (earlier == null) {
            return Optional.empty();
        }
        if (Objects.equals(earlier.effectiveFrom(), command.effectiveFrom())
                && Objects.equals(earlier.terms(), command.terms())
                && Objects.equals(earlier.fmvOpinionReference(), command.fmvOpinionReference())) {
            return Optional.of(earlier);
        }
        throw RuleViolation.conflict("id-reused", "amendmentId",
                "amendment " + command.amendmentId() + " was already recorded with other content");
    }

    /**
     * The rules of a new version's start: after today, on the first of a month (both named after the
     * TERMS_SET_IN_ADVANCE rule where the rules file has one), after the latest version, within the term.
     */
    void requireNewVersionFrom(LocalDate effectiveFrom, LocalDate today, LocalDate lastDay, ComplianceRules rules, String state) {
        if (effectiveFrom == null) {
            throw RuleViolation.invalid("missing-field", "effectiveFrom", "effectiveFrom is required");
        }
        if (!effectiveFrom.isAfter(today)) {
            throw ComplianceChecks.notSetInAdvance(rules, state, "amendment-not-in-future", "effectiveFrom",
                    "amended terms must take effect after today (" + today + "); past and current periods keep their terms");
        }
        if (effectiveFrom.getDayOfMonth() != 1) {
            throw ComplianceChecks.notSetInAdvance(rules, state, "not-period-start", "effectiveFrom",
                    "amended terms must take effect on the first day of a month, never mid-period");
        }
        TermsVersion latest = latest();
        if (!effectiveFrom.isAfter(latest.effectiveFrom())) {
            throw RuleViolation.invalid("amendment-out-of-order", "effectiveFrom",
                    "terms version " + latest.version() + " already takes effect on " + latest.effectiveFrom()
                            + "; a new version must start after it");
        }
        if (lastDay != null && effectiveFrom.isAfter(lastDay)) {
            throw RuleViolation.invalid("after-agreement-end", "effectiveFrom", "the agreement ends on " + lastDay);
        }
    }
}
