package com.msoledger.ledger.compliance;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad rules file into a start-up report that says what to fix, instead of a stack trace. */
class InvalidRulesFileAnalyzer extends AbstractFailureAnalyzer<InvalidRulesFile> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidRulesFile cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct the rules file, or point LEDGER_COMPLIANCE_RULES (ledger.compliance.rules) at a valid one. "
                        + "The file format is described in the README under \"Compliance checks\".", cause);
    }
}
