package com.msoledger.projections.support;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeWindowTest {

    /** 02:00 UTC on 5 November is still 4 November in New York: the default date must come from UTC, not the clock's zone. */
    private static final Instant NOW = Instant.parse("2026-11-05T02:00:00.123Z");
    private static final Clock NEW_YORK_CLOCK = Clock.fixed(NOW, ZoneId.of("America/New_York"));

    @Test
    void defaultsAsOfToTheClocksDateInUtcAndKnownAtToTheClocksInstant() {
        TimeWindow window = TimeWindow.parse(null, null, NEW_YORK_CLOCK);

        assertThat(window.asOf()).isEqualTo(LocalDate.of(2026, 11, 5));
        assertThat(window.knownAt()).isEqualTo(NOW);
    }

    @Test
    void takesTheGivenDateAndInstantAsTheyAreWritten() {
        TimeWindow window = TimeWindow.parse("2026-10-31", "2026-11-01T08:30:00.001Z", NEW_YORK_CLOCK);

        assertThat(window.asOf()).isEqualTo(LocalDate.of(2026, 10, 31));
        assertThat(window.knownAt()).isEqualTo(Instant.parse("2026-11-01T08:30:00.001Z"));
    }

    @Test
    void defaultsEachTimeIndependentlyOfTheOther() {
        assertThat(TimeWindow.parse("2026-10-31", null, NEW_YORK_CLOCK).knownAt()).isEqualTo(NOW);
        assertThat(TimeWindow.parse(null, "2026-11-01T00:00:00Z", NEW_YORK_CLOCK).asOf()).isEqualTo(LocalDate.of(2026, 11, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-1-05", "2026-11-5", "20261105", "2026-02-30", "2026-11-05T00:00:00Z", "yesterday", ""})
    void refusesAnAsOfThatIsNotADateWrittenYyyyMmDdNamingTheField(String asOf) {
        assertThatThrownBy(() -> TimeWindow.parse(asOf, null, NEW_YORK_CLOCK))
                .isInstanceOf(BadQuery.class)
                .satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("asOf"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-05", "2026-11-05T00:00:00", "yesterday", "1730764800000", ""})
    void refusesAKnownAtThatIsNotAnInstantNamingTheField(String knownAt) {
        assertThatThrownBy(() -> TimeWindow.parse("2026-11-05", knownAt, NEW_YORK_CLOCK))
                .isInstanceOf(BadQuery.class)
                .satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("knownAt"));
    }
}
