package com.msoledger.projections.agreement;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The agreement projection for tests of other features, which need agreements to read about. */
public final class AgreementWiring {

    private AgreementWiring() {
    }

    /** The handler of the agreement events, to give an {@code EventFeed}. */
    public static Object projection(JdbcClient jdbc) {
        return new AgreementProjection(jdbc);
    }
}
