package com.msoledger.ledger.common;

/**
 * A command broke a business rule. Thrown by aggregates before any event is applied, so a refused
 * command never leaves a trace in the event store. The HTTP layer turns it into a problem+json
 * response whose {@code field} names the offending input.
 */
public class RuleViolation extends RuntimeException {

    /** How the refusal is classified; decides the HTTP status. */
    public enum Kind {
        /** the input is well formed but not acceptable (422) */
        INVALID,
        /** the input contradicts something recorded before, e.g. a reused id with other content (409) */
        CONFLICT,
        /** something the command refers to does not exist (404) */
        NOT_FOUND
    }

    private final Kind kind;
    private final String code;
    private final String field;

    public RuleViolation(Kind kind, String code, String field, String message) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public static RuleViolation invalid(String code, String field, String message) {
        return new RuleViolation(Kind.INVALID, code, field, message);
    }

    public static RuleViolation conflict(String code, String field, String message) {
        return new RuleViolation(Kind.CONFLICT, code, field, message);
    }

    public static RuleViolation notFound(String code, String field, String message) {
        return new RuleViolation(Kind.NOT_FOUND, code, field, message);
    }

    public Kind kind() {
        return kind;
    }

    /** A stable, machine-readable slug such as {@code stakes-not-100}; part of the problem type URI. */
    public String code() {
        return code;
    }

    /** The request field at fault (dotted path, e.g. {@code terms.feeSchedule[0].rate}), or null. */
    public String field() {
        return field;
    }

    /** Rule violations are expected outcomes, not bugs: skip the costly stack trace. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
