package com.msoledger.ledger.compliance;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One automated compliance check, as the rules file states it. A check supports counsel's review; it
 * is not legal advice.
 *
 * @param id         stable id, named in refusals and flags (lower case, digits and '-')
 * @param states     the two-letter states of operation it applies to, or just {@code *} for all
 * @param check      what it checks
 * @param action     what happens when the check finds its risk
 * @param rationale  why the check exists, in a sentence or two
 * @param citation   the source it rests on
 * @param parameters the check's parameters (see {@link CheckKind#parameters()})
 */
public record ComplianceRule(String id, List<String> states, CheckKind check, RuleAction action, String rationale,
                             String citation, Map<String, Integer> parameters) {

    public static final String ALL_STATES = "*";

    public ComplianceRule {
        Objects.requireNonNull(id, "id");
        states = List.copyOf(states);
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(action, "action");
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    /** Whether it applies to agreements operating in {@code state}. */
    public boolean appliesTo(String state) {
        return states.contains(ALL_STATES) || states.contains(state);
    }

    /** A parameter the rules file was required to give (validated on load). */
    public int parameter(String name) {
        Integer value = parameters.get(name);
        if (value == null) {
            throw new IllegalStateException("rule " + id + " has no parameter " + name);
        }
        return value;
    }
}
