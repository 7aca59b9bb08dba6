package com.msoledger.ledger.common;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.Objects;

/** Hamcrest matchers for the {@link RuleViolation} a refused command throws. */
public final class RuleViolationMatchers {

    private RuleViolationMatchers() {
    }

    /** A 422-kind refusal with this code, naming this field. */
    public static Matcher<RuleViolation> violation(String code, String field) {
        return ruleViolation(RuleViolation.Kind.INVALID, code, field);
    }

    /** A 409-kind refusal with this code, naming this field. */
    public static Matcher<RuleViolation> conflict(String code, String field) {
        return ruleViolation(RuleViolation.Kind.CONFLICT, code, field);
    }

    public static Matcher<RuleViolation> ruleViolation(RuleViolation.Kind kind, String code, String field) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(RuleViolation actual) {
                return actual.kind() == kind && Objects.equals(actual.code(), code) && Objects.equals(actual.field(), field);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("RuleViolation ").appendValue(kind).appendText(" code ").appendValue(code)
                        .appendText(" on field ").appendValue(field);
            }

            @Override
            protected void describeMismatchSafely(RuleViolation actual, Description mismatch) {
                mismatch.appendText("was ").appendValue(actual.kind()).appendText(" code ").appendValue(actual.code())
                        .appendText(" on field ").appendValue(actual.field()).appendText(": ")
                        .appendValue(actual.getMessage());
            }
        };
    }
}
