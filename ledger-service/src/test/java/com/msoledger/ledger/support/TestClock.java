package com.msoledger.ledger.support;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The test suite's "now": one pinned instant that every test context uses as its {@link Clock} bean
 * (see {@link TestClockConfiguration}) and every test derives its dates from. It never ticks by itself,
 * so a suite that starts at 23:59:40 on the last day of a month runs entirely in that month; a test
 * that needs time to pass {@linkplain #advance moves it}.
 *
 * <p>Where it starts, in this order:
 * <ul>
 *   <li>{@code ledger.test.now} (system property, or {@code LEDGER_TEST_NOW}): an ISO-8601 instant,
 *       e.g. {@code 2027-03-31T23:59:40Z};</li>
 *   <li>otherwise the wall clock when the test JVM started (so under libfaketime the suite runs at
 *       the faked instant the JVM was born at, not a few seconds later);</li>
 *   <li>then shifted by {@code ledger.test.clock-offset} (or {@code LEDGER_TEST_CLOCK_OFFSET}): an
 *       ISO-8601 duration, e.g. {@code P400D}, which moves the whole suite to another date without
 *       touching the operating system's clock.</li>
 * </ul>
 */
public final class TestClock extends Clock {

    /** The one instance all test contexts of a JVM share, so they agree on what day it is. */
    public static final TestClock INSTANCE = new TestClock(initial());

    private final AtomicReference<Instant> now;

    private TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    private static Instant initial() {
        String pinned = setting("ledger.test.now", "LEDGER_TEST_NOW");
        // the test harness is the one place allowed to look at the machine's clock: it decides the suite's day
        Instant start = pinned != null ? Instant.parse(pinned)
                : Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        String offset = setting("ledger.test.clock-offset", "LEDGER_TEST_CLOCK_OFFSET");
        if (offset != null) {
            start = start.plus(Duration.parse(offset));
        }
        return start.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String setting(String property, String environment) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environment);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** Moves time forward (never back: recorded events must not precede earlier ones). */
    public Instant advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward: " + by);
        }
        return now.updateAndGet(t -> t.plus(by));
    }

    /**
     * A moment strictly after everything recorded so far and strictly before anything recorded next
     * (a millisecond each way, the event store's resolution): what an auditor's {@code knownAt} names.
     */
    public Instant tick() {
        Instant between = advance(Duration.ofMillis(1));
        advance(Duration.ofMillis(1));
        return between;
    }

    /** Today's date in UTC, the ledger's zone. */
    public LocalDate today() {
        return LocalDate.ofInstant(instant(), ZoneOffset.UTC);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("the ledger keeps time in UTC");
    }

    @Override
    public String toString() {
        return "TestClock[" + instant() + "]";
    }
}
