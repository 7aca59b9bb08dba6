package com.msoledger.projections.compliance;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The compliance read model for tests of other features: the statement and the agreement resource show flags. */
public final class ComplianceWiring {

    private ComplianceWiring() {
    }

    public static ComplianceFlags flags(JdbcClient jdbc) {
        return new ComplianceFlags(jdbc);
    }

    /** The handler of the flag events, to give an {@code EventFeed}. */
    public static Object projection(JdbcClient jdbc) {
        return new ComplianceFlagProjection(jdbc, new ComplianceFlagMetrics(new SimpleMeterRegistry(), jdbc));
    }
}
