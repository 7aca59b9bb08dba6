package com.msoledger.ledger.security;

/** The roles a token's {@code roles} claim may grant. */
public enum Role {
    /** sends commands and reads everything but the audit trail */
    FINANCE,
    /** reads everything, including the audit trail, and verifies it */
    AUDITOR,
    /** reads projections */
    DASHBOARD,
    /** operates projections (replay) */
    ADMIN,
    /** reads only the agreements of the practices in its {@code practices} claim */
    PRACTICE;

    public String authority() {
        return "ROLE_" + name();
    }
}
