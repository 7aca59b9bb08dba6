package com.msoledger.projections.support;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The two times of a bitemporal read: {@code asOf}, the last effective date included, and
 * {@code knownAt}, the last recording time included. Both default to now (UTC) on the ledger's clock.
 */
public record TimeWindow(LocalDate asOf, Instant knownAt) {

    public static TimeWindow parse(String asOf, String knownAt, Clock clock) {
        Instant now = clock.instant();
        LocalDate date = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (asOf != null) {
            try {
                if (asOf.length() != 10) {
                    throw new DateTimeParseException("not yyyy-MM-dd", asOf, 0);
                }
                date = LocalDate.parse(asOf);
            } catch (DateTimeParseException e) {
                throw new BadQuery("asOf", "must be a date written yyyy-MM-dd");
            }
        }
        Instant instant = now;
        if (knownAt != null) {
            try {
                instant = Instant.parse(knownAt);
            } catch (DateTimeParseException e) {
                throw new BadQuery("knownAt", "must be an instant written like 2026-11-05T00:00:00Z");
            }
        }
        return new TimeWindow(date, instant);
    }
}
