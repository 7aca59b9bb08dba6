package com.msoledger.ledger.web;

import java.util.List;

/**
 * A request could not be turned into a command: malformed values, wrong scale, unknown currency,
 * missing fields. Answered with 400 and every offending field named.
 */
public class InvalidInput extends RuntimeException {

    /** One offending field and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }

    private final List<FieldProblem> problems;

    public InvalidInput(List<FieldProblem> problems) {
        super(problems.isEmpty() ? "invalid input" : problems.get(0).field() + ": " + problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public static InvalidInput of(String field, String message) {
        return new InvalidInput(List.of(new FieldProblem(field, message)));
    }

    public List<FieldProblem> problems() {
        return problems;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
