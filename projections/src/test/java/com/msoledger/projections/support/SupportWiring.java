package com.msoledger.projections.support;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponse;

/** The support beans the query classes are built with, for tests in the feature packages. */
public final class SupportWiring {

    private SupportWiring() {
    }

    /**
     * A {@link Freshness} for reads without {@code minPosition}, which it answers at once (and refuses a
     * negative one) without asking Axon. It has no processing configuration: a read passing a
     * {@code minPosition} of zero or more would fail, so these tests never pass one.
     */
    public static Freshness freshnessForReadsWithoutMinPosition(JdbcClient jdbc) {
        return new Freshness(jdbc, null, null);
    }

    public static AgreementLookup knownAgreement(JdbcClient jdbc) {
        return new AgreementLookup(jdbc);
    }

    /** The {@code field} a 400 problem names. */
    public static Object fieldOf(Throwable refusal) {
        if (!(refusal instanceof ErrorResponse response)) {
            throw new AssertionError("not an error response: " + refusal);
        }
        return response.getBody().getProperties() == null ? null : response.getBody().getProperties().get("field");
    }
}
