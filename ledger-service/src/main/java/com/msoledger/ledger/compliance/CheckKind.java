package com.msoledger.ledger.compliance;

import java.util.Map;
import java.util.Set;

/**
 * What a compliance rule checks. The rules file chooses among these; the agreement aggregate implements
 * each one. Every kind names the actions it supports and the parameters it takes.
 */
public enum CheckKind {

    /**
     * A service of the fee schedule is charged as a percentage of the practice's collections (the one
     * fee type that depends on the practice's income). Checked when terms are established or amended,
     * per service.
     */
    PERCENTAGE_FEE(Set.of(RuleAction.REFUSE, RuleAction.FLAG), Map.of()),

    /**
     * Like {@link #PERCENTAGE_FEE}, but only while no FMV opinion reference is on file for the agreement
     * (the latest one given at establishment or by an amendment).
     */
    PERCENTAGE_FEE_WITHOUT_FMV_OPINION(Set.of(RuleAction.REFUSE, RuleAction.FLAG), Map.of()),

    /**
     * A service's annualised fees (from the ledger's own charges) lie outside the FMV range of the terms
     * in force. Checked after every fee charge and every reversal of one; the flag clears when the total
     * is back inside.
     */
    FMV_RANGE(Set.of(RuleAction.FLAG), Map.of()),

    /**
     * Amended terms take effect on the first day of a month after today: never inside a past, current
     * or partly elapsed period. The ledger refuses such amendments regardless; the rule names the
     * refusal and its source.
     */
    TERMS_SET_IN_ADVANCE(Set.of(RuleAction.REFUSE), Map.of()),

    /**
     * The agreement's term (to its end date, or to its termination date) is shorter than
     * {@code minimumMonths}. An open-ended agreement never is.
     */
    MINIMUM_TERM(Set.of(RuleAction.FLAG), Map.of("minimumMonths", "a whole number of months from 1 to 120"));

    private final Set<RuleAction> actions;
    private final Map<String, String> parameters;

    CheckKind(Set<RuleAction> actions, Map<String, String> parameters) {
        this.actions = actions;
        this.parameters = parameters;
    }

    /** The actions a rule of this kind may take. */
    public Set<RuleAction> actions() {
        return actions;
    }

    /** The parameters a rule of this kind requires, each with what it must be. */
    public Map<String, String> parameters() {
        return parameters;
    }
}
