package com.msoledger.ledger.compliance;

/** What happens when a compliance rule finds its risk. */
public enum RuleAction {
    /** the command is refused with a 422 naming the rule and its citation; nothing is recorded */
    REFUSE,
    /** the command is recorded, and so is a ComplianceFlagRaised event for counsel to review */
    FLAG
}
