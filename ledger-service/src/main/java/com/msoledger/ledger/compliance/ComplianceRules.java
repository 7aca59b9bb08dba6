package com.msoledger.ledger.compliance;

import java.util.List;

/**
 * The compliance rules in force, as the agreement aggregate consults them: a command-handler
 * parameter, resolved from a Spring bean, so the aggregate never reads a file itself. Immutable for
 * the life of the process.
 */
public interface ComplianceRules {

    /** The version the rules file declares. */
    String version();

    /** Every rule, in file order. */
    List<ComplianceRule> all();

    /** The rules of one kind that apply to agreements operating in a state, in file order. */
    default List<ComplianceRule> applicable(CheckKind check, String state) {
        return all().stream().filter(rule -> rule.check() == check && rule.appliesTo(state)).toList();
    }
}
