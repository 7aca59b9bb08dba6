package com.msoledger.ledger.common;

/**
 * A command refused by a compliance rule whose action is REFUSE. Its {@link #code()} is the rule's id,
 * so the problem type names the rule; the problem also carries the rule id and the citation as
 * {@code rule} and {@code citation}. A 422, like every other broken rule.
 */
public class ComplianceViolation extends RuleViolation {

    private final String ruleId;
    private final String citation;

    public ComplianceViolation(String ruleId, String citation, String field, String message) {
        super(Kind.INVALID, ruleId, field, message);
        this.ruleId = ruleId;
        this.citation = citation;
    }

    public String ruleId() {
        return ruleId;
    }

    public String citation() {
        return citation;
    }
}
