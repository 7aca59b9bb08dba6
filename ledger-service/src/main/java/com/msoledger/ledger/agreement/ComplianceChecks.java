package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.agreement.FeeType;
import com.msoledger.api.agreement.FmvRange;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;
import com.msoledger.ledger.common.ComplianceViolation;
import com.msoledger.ledger.common.RuleViolation;
import com.msoledger.ledger.compliance.CheckKind;
import com.msoledger.ledger.compliance.ComplianceRule;
import com.msoledger.ledger.compliance.ComplianceRules;
import com.msoledger.ledger.compliance.RuleAction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compliance rules as an agreement applies them: pure functions of the rules and the agreement's
 * facts, so the aggregate stays free of I/O. REFUSE rules throw a {@link ComplianceViolation}; FLAG
 * rules return {@link Finding}s, which the aggregate records as raised or cleared flags when a flag's
 * state changes.
 */
final class ComplianceChecks {

    private ComplianceChecks() {
    }

    /**
     * A FLAG rule's verdict on one subject.
     *
     * @param flagId  {@code <rule id>:<subject>}: the same for every verdict on the same thing
     * @param holds   whether the risk holds now (raise if not open) or not (clear if open)
     * @param summary one sentence for a raise
     * @param facts   the figures behind the verdict
     */
    record Finding(ComplianceRule rule, String flagId, boolean holds, String summary, Map<String, String> facts) {
    }

    static String flagId(ComplianceRule rule, String subject) {
        return rule.id() + ":" + subject;
    }

    // ------------------------------------------------------------ refusals

    /**
     * The REFUSE rules that look at terms, in file order: the first that finds its risk refuses.
     *
     * @param fmvOpinion the FMV opinion reference on file once these terms are recorded, or null
     * @param field      the request field holding the terms
     */
    static void refuseTerms(ComplianceRules rules, String state, AgreementTerms terms, String fmvOpinion, String field) {
        for (ComplianceRule rule : rules.all()) {
            if (rule.action() != RuleAction.REFUSE || !rule.appliesTo(state)) {
                continue;
            }
            int index = firstPercentageFee(terms);
            if (index < 0) {
                continue;
            }
            FeeTerm term = terms.feeSchedule().get(index);
            if (rule.check() == CheckKind.PERCENTAGE_FEE) {
                throw refusal(rule, field + ".feeSchedule[" + index + "].feeType", term.serviceCode() + " is charged at "
                        + term.rate() + "% of collections, a fee dependent on the practice's income, which rule "
                        + rule.id() + " refuses for agreements operating in " + state);
            }
            if (rule.check() == CheckKind.PERCENTAGE_FEE_WITHOUT_FMV_OPINION && fmvOpinion == null) {
                throw refusal(rule, "fmvOpinionReference", term.serviceCode() + " is charged at " + term.rate()
                        + "% of collections and no FMV opinion is on file; rule " + rule.id()
                        + " refuses percentage fees in " + state + " without one");
            }
        }
    }

    /**
     * The refusal of amended terms that would take effect inside a past, current or partly elapsed
     * period: named after the TERMS_SET_IN_ADVANCE rule when one applies, else the ledger's own rule.
     */
    static RuleViolation notSetInAdvance(ComplianceRules rules, String state, String code, String field, String message) {
        for (ComplianceRule rule : rules.applicable(CheckKind.TERMS_SET_IN_ADVANCE, state)) {
            if (rule.action() == RuleAction.REFUSE) {
                return refusal(rule, field, message);
            }
        }
        return RuleViolation.invalid(code, field, message);
    }

    private static ComplianceViolation refusal(ComplianceRule rule, String field, String message) {
        return new ComplianceViolation(rule.id(), rule.citation(), field,
                message + " (rule " + rule.id() + "; " + rule.citation() + ")");
    }

    // ------------------------------------------------------------ flags on terms

    /**
     * The FLAG rules on percentage fees, for terms just established or amended: a verdict for every
     * percentage-fee service of the terms, and for every service a flag of the rule is open on.
     *
     * @param fmvOpinion the FMV opinion reference on file with these terms, or null
     * @param openFlags  flag id → rule id of the flags open on the agreement
     */
    static List<Finding> onTerms(ComplianceRules rules, String state, AgreementTerms terms, int termsVersion,
                                 LocalDate effectiveFrom, String fmvOpinion, Map<String, String> openFlags) {
        List<Finding> findings = new ArrayList<>();
        for (ComplianceRule rule : rules.all()) {
            boolean percentage = rule.check() == CheckKind.PERCENTAGE_FEE
                    || rule.check() == CheckKind.PERCENTAGE_FEE_WITHOUT_FMV_OPINION;
            if (!percentage || rule.action() != RuleAction.FLAG || !rule.appliesTo(state)) {
                continue;
            }
            boolean needsOpinion = rule.check() == CheckKind.PERCENTAGE_FEE_WITHOUT_FMV_OPINION;
            Set<String> seen = new HashSet<>();
            for (FeeTerm term : terms.feeSchedule()) {
                if (term.feeType() != FeeType.PERCENT_OF_COLLECTIONS) {
                    continue;
                }
                seen.add(term.serviceCode());
                Map<String, String> facts = termsFacts(state, termsVersion, effectiveFrom, term.serviceCode());
                facts.put("feeType", term.feeType().name());
                facts.put("rate", term.rate().toString());
                if (needsOpinion) {
                    facts.put("fmvOpinionReference", fmvOpinion == null ? "none" : fmvOpinion);
                }
                boolean holds = !needsOpinion || fmvOpinion == null;
                String summary = term.serviceCode() + " is charged at " + term.rate() + "% of collections under terms version "
                        + termsVersion + " (from " + effectiveFrom + ")"
                        + (needsOpinion ? " and no FMV opinion is on file" : ", a percentage fee flagged in " + state);
                findings.add(new Finding(rule, flagId(rule, term.serviceCode()), holds, summary, facts));
            }
            // a flag on a service the new terms no longer charge by percentage clears
            String prefix = rule.id() + ":";
            for (Map.Entry<String, String> open : openFlags.entrySet()) {
                if (!open.getValue().equals(rule.id()) || !open.getKey().startsWith(prefix)) {
                    continue;
                }
                String service = open.getKey().substring(prefix.length());
                if (!seen.contains(service)) {
                    Map<String, String> facts = termsFacts(state, termsVersion, effectiveFrom, service);
                    facts.put("feeType", terms.feeTerm(service).map(t -> t.feeType().name()).orElse("not in the fee schedule"));
                    findings.add(new Finding(rule, open.getKey(), false, null, facts));
                }
            }
        }
        return findings;
    }

    private static Map<String, String> termsFacts(String state, int termsVersion, LocalDate effectiveFrom, String service) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("state", state);
        facts.put("serviceCode", service);
        facts.put("termsVersion", Integer.toString(termsVersion));
        facts.put("termsEffectiveFrom", effectiveFrom.toString());
        return facts;
    }

    // ------------------------------------------------------------ the agreement's term

    /**
     * The MINIMUM_TERM rules, for an agreement running from {@code from} to {@code end}.
     *
     * @param end   its last day, or null while open-ended (never too short)
     * @param cause what set the end: {@code initial term} or {@code termination}
     */
    static List<Finding> onTerm(ComplianceRules rules, String state, LocalDate from, LocalDate end, String cause) {
        List<Finding> findings = new ArrayList<>();
        for (ComplianceRule rule : rules.applicable(CheckKind.MINIMUM_TERM, state)) {
            if (rule.action() != RuleAction.FLAG || end == null) {
                continue;
            }
            int months = rule.parameter("minimumMonths");
            LocalDate fullTermEnd = from.plusMonths(months).minusDays(1);
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("state", state);
            facts.put("effectiveFrom", from.toString());
            facts.put("effectiveTo", end.toString());
            facts.put("endSetBy", cause);
            facts.put("minimumMonths", Integer.toString(months));
            facts.put("minimumTermEnds", fullTermEnd.toString());
            boolean shorter = end.isBefore(fullTermEnd);
            findings.add(new Finding(rule, flagId(rule, "term"), shorter, "the agreement runs from " + from + " to " + end
                    + " (" + cause + "), shorter than the " + months + " months that end on " + fullTermEnd, facts));
        }
        return findings;
    }

    // ------------------------------------------------------------ fair market value

    /**
     * A service's fees over the periods that count for its annual total.
     *
     * @param from    the first period counted: the first period charged, or 11 before {@code to}, whichever is later
     * @param to      the latest period charged
     * @param periods the number of periods from {@code from} to {@code to}, both included (1-12)
     * @param charged the fees charged for those periods and not reversed, in minor units
     */
    record Annualised(Period from, Period to, int periods, long charged) {

        /** Whether the annual total is below {@code minimum} (compared exactly, before any rounding). */
        boolean below(Money minimum) {
            return charged * 12 < minimum.minorUnits() * periods;
        }

        boolean above(Money maximum) {
            return charged * 12 > maximum.minorUnits() * periods;
        }

        /** The annual total: the trailing 12 periods' fees, or the periods' average × 12 rounded HALF_EVEN. */
        Money total(String currency) {
            long annual = BigDecimal.valueOf(charged).multiply(BigDecimal.valueOf(12))
                    .divide(BigDecimal.valueOf(periods), 0, RoundingMode.HALF_EVEN).longValueExact();
            return Money.ofMinor(annual, currency);
        }

        String method() {
            return periods == 12 ? "trailing 12 periods" : "projected from " + periods + (periods == 1 ? " period" : " periods");
        }
    }

    /**
     * The FMV_RANGE rules, for one service after a charge or a reversal changed its fees.
     *
     * @param termsVersion the terms version whose range applies (the one in force for {@code annualised.to})
     * @param entryId      the charge or reversal that prompted the check
     */
    static List<Finding> onFees(ComplianceRules rules, String state, String service, FmvRange range, int termsVersion,
                                Annualised annualised, String currency, String entryId) {
        List<Finding> findings = new ArrayList<>();
        for (ComplianceRule rule : rules.applicable(CheckKind.FMV_RANGE, state)) {
            if (rule.action() != RuleAction.FLAG) {
                continue;
            }
            boolean below = annualised.below(range.annualMin());
            boolean above = annualised.above(range.annualMax());
            Money total = annualised.total(currency);
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put("serviceCode", service);
            facts.put("currency", currency);
            facts.put("annualised", total.toDecimalString());
            facts.put("annualMin", range.annualMin().toDecimalString());
            facts.put("annualMax", range.annualMax().toDecimalString());
            facts.put("position", below ? "below" : above ? "above" : "inside");
            facts.put("method", annualised.method());
            facts.put("periodsFrom", annualised.from().toString());
            facts.put("periodsTo", annualised.to().toString());
            facts.put("charged", Money.ofMinor(annualised.charged(), currency).toDecimalString());
            facts.put("termsVersion", Integer.toString(termsVersion));
            facts.put("entryId", entryId);
            String summary = service + " fees annualise to " + total.toDecimalString() + " " + currency + " ("
                    + annualised.method() + ", " + annualised.from() + " to " + annualised.to() + "), "
                    + (below ? "below" : "above") + " the FMV range " + range.annualMin().toDecimalString() + " to "
                    + range.annualMax().toDecimalString() + " of terms version " + termsVersion;
            findings.add(new Finding(rule, flagId(rule, service), below || above, summary, facts));
        }
        return findings;
    }

    private static int firstPercentageFee(AgreementTerms terms) {
        for (int i = 0; i < terms.feeSchedule().size(); i++) {
            if (terms.feeSchedule().get(i).feeType() == FeeType.PERCENT_OF_COLLECTIONS) {
                return i;
            }
        }
        return -1;
    }
}
