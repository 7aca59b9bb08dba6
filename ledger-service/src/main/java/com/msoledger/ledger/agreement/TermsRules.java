package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.EstablishAgreement;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.agreement.FmvRange;
import com.msoledger.api.agreement.RiskSharingTerms;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.api.party.UsStates;
import com.msoledger.ledger.common.Ownership;
import com.msoledger.ledger.common.RuleViolation;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The consistency rules of an agreement's terms, shared by establishment and amendment. */
final class TermsRules {

    static final int MAX_SERVICES = 50;
    static final int MAX_UNIT_NAME = 50;
    static final int MAX_TEXT = 200;

    private TermsRules() {
    }

    /**
     * The rules of an agreement's identity and term, before its terms: a known currency and state, a
     * start on the first of a month, an end after the start, an FMV opinion reference of sensible size,
     * consistent terms.
     */
    static void requireEstablishable(EstablishAgreement command) {
        try {
            Money.zero(command.currency());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw RuleViolation.invalid("unknown-currency", "currency", "currency must be an ISO 4217 code such as USD");
        }
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
        requireText(command.fmvOpinionReference(), "fmvOpinionReference", MAX_TEXT);
        requireValid(command.terms(), command.currency(), "terms");
    }

    /**
     * @param currency the agreement's currency: every amount must be in it
     * @param field    the request field holding the terms, e.g. {@code terms}
     * @throws RuleViolation naming the first offending field
     */
    static void requireValid(AgreementTerms terms, String currency, String field) {
        if (terms == null) {
            throw RuleViolation.invalid("missing-field", field, field + " is required");
        }
        List<FeeTerm> schedule = terms.feeSchedule();
        if (schedule.isEmpty()) {
            throw RuleViolation.invalid("fee-schedule-empty", field + ".feeSchedule", "the fee schedule must list at least one service");
        }
        if (schedule.size() > MAX_SERVICES) {
            throw RuleViolation.invalid("fee-schedule-too-long", field + ".feeSchedule", "the fee schedule may list at most " + MAX_SERVICES + " services");
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < schedule.size(); i++) {
            FeeTerm term = schedule.get(i);
            String at = field + ".feeSchedule[" + i + "]";
            if (!codes.add(term.serviceCode())) {
                throw RuleViolation.invalid("duplicate-service", at + ".serviceCode", "service " + term.serviceCode() + " is listed twice");
            }
            requireFeeTerm(term, currency, at);
        }
        if (terms.riskSharing() != null) {
            requireRiskSharing(terms.riskSharing(), currency, field + ".riskSharing");
        }
        if (!terms.distributionSchedule().isEmpty()) {
            Ownership.requireValid(terms.distributionSchedule(), field + ".distributionSchedule");
        }
        Set<String> ranged = new HashSet<>();
        for (int i = 0; i < terms.fmvRanges().size(); i++) {
            FmvRange range = terms.fmvRanges().get(i);
            String at = field + ".fmvRanges[" + i + "]";
            if (!codes.contains(range.serviceCode())) {
                throw RuleViolation.invalid("unknown-service", at + ".serviceCode", "service " + range.serviceCode() + " is not in the fee schedule");
            }
            if (!ranged.add(range.serviceCode())) {
                throw RuleViolation.invalid("duplicate-service", at + ".serviceCode", "service " + range.serviceCode() + " has two FMV ranges");
            }
            requireAmount(range.annualMin(), currency, at + ".annualMin", true);
            requireAmount(range.annualMax(), currency, at + ".annualMax", true);
            if (range.annualMin().isGreaterThan(range.annualMax())) {
                throw RuleViolation.invalid("fmv-range-inverted", at + ".annualMax", "annualMax must not be below annualMin");
            }
        }
    }

    private static void requireFeeTerm(FeeTerm term, String currency, String at) {
        switch (term.feeType()) {
            case FIXED_MONTHLY -> {
                onlyFields(term, at, term.amount() != null, "amount");
                requireAmount(term.amount(), currency, at + ".amount", false);
            }
            case PERCENT_OF_COLLECTIONS -> {
                onlyFields(term, at, term.rate() != null, "rate");
                if (term.rate().hundredths() <= 0 || term.rate().hundredths() > Percent.HUNDRED.hundredths()) {
                    throw RuleViolation.invalid("invalid-rate", at + ".rate", "rate must be above 0.00 and at most 100.00");
                }
            }
            case PER_UNIT -> {
                onlyFields(term, at, term.unitPrice() != null, "unitPrice");
                requireAmount(term.unitPrice(), currency, at + ".unitPrice", false);
                if (term.unitName() != null && (term.unitName().isBlank() || term.unitName().length() > MAX_UNIT_NAME)) {
                    throw RuleViolation.invalid("invalid-unit-name", at + ".unitName", "unitName must be 1-50 characters");
                }
            }
            case COST_PLUS -> onlyFields(term, at, term.markup() != null, "markup");
        }
    }

    /** Each fee type takes exactly its own parameters; a stray one is a sign of a misunderstood contract. */
    private static void onlyFields(FeeTerm term, String at, boolean ownPresent, String own) {
        if (!ownPresent) {
            throw RuleViolation.invalid("missing-field", at + "." + own, term.feeType() + " requires " + own);
        }
        check(term.amount() != null && !own.equals("amount"), term, at, "amount");
        check(term.rate() != null && !own.equals("rate"), term, at, "rate");
        check(term.unitPrice() != null && !own.equals("unitPrice"), term, at, "unitPrice");
        check(term.unitName() != null && !own.equals("unitPrice"), term, at, "unitName");
        check(term.markup() != null && !own.equals("markup"), term, at, "markup");
    }

    private static void check(boolean stray, FeeTerm term, String at, String name) {
        if (stray) {
            throw RuleViolation.invalid("field-not-allowed", at + "." + name, name + " does not apply to " + term.feeType());
        }
    }

    private static void requireRiskSharing(RiskSharingTerms terms, String currency, String at) {
        if (terms.msoShare().hundredths() <= 0 || terms.msoShare().hundredths() > Percent.HUNDRED.hundredths()) {
            throw RuleViolation.invalid("invalid-share", at + ".msoShare", "msoShare must be above 0.00 and at most 100.00");
        }
        requireAmount(terms.corridorCap(), currency, at + ".corridorCap", true);
        requireAmount(terms.corridorFloor(), currency, at + ".corridorFloor", true);
    }

    static void requireAmount(Money amount, String currency, String field, boolean zeroAllowed) {
        if (amount == null) {
            throw RuleViolation.invalid("missing-field", field, field + " is required");
        }
        if (!amount.currency().equals(currency)) {
            throw RuleViolation.invalid("currency-mismatch", field, field + " must be in the agreement's currency " + currency);
        }
        if (amount.isNegative() || (!zeroAllowed && amount.isZero())) {
            throw RuleViolation.invalid("invalid-amount", field, field + (zeroAllowed ? " must not be negative" : " must be positive"));
        }
    }

    static void requireText(String text, String field, int max) {
        if (text != null && (text.isBlank() || text.length() > max)) {
            throw RuleViolation.invalid("invalid-text", field, field + " must be 1-" + max + " characters and not blank");
        }
    }
}
