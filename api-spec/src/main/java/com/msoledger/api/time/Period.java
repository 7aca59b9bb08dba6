package com.msoledger.api.time;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An accounting period: one calendar month, written {@code yyyy-MM} in JSON and URLs.
 * Years 2000-2999 only, which keeps a typo such as {@code 0226-10} from opening a period nobody
 * meant.
 */
public record Period(YearMonth month) implements Comparable<Period> {

    private static final Pattern FORMAT = Pattern.compile("2\\d{3}-(0[1-9]|1[0-2])");

    public Period {
        Objects.requireNonNull(month, "month");
        if (month.getYear() < 2000 || month.getYear() > 2999) {
            throw new IllegalArgumentException("must lie in the years 2000-2999");
        }
    }

    /**
     * Parses {@code yyyy-MM} strictly.
     *
     * @throws IllegalArgumentException when the text is not a month in that form
     */
    @JsonCreator
    public static Period parse(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            throw new IllegalArgumentException("must be a month written yyyy-MM, e.g. 2026-10");
        }
        try {
            return new Period(YearMonth.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("must be a month written yyyy-MM, e.g. 2026-10");
        }
    }

    /** The period a date belongs to. */
    public static Period of(LocalDate date) {
        return new Period(YearMonth.from(date));
    }

    public LocalDate firstDay() {
        return month.atDay(1);
    }

    public LocalDate lastDay() {
        return month.atEndOfMonth();
    }

    public boolean contains(LocalDate date) {
        return YearMonth.from(date).equals(month);
    }

    public Period next() {
        return new Period(month.plusMonths(1));
    }

    public Period previous() {
        return new Period(month.minusMonths(1));
    }

    public boolean isBefore(Period other) {
        return month.isBefore(other.month);
    }

    public boolean isAfter(Period other) {
        return month.isAfter(other.month);
    }

    @Override
    public int compareTo(Period other) {
        return month.compareTo(other.month);
    }

    @JsonValue
    @Override
    public String toString() {
        return month.toString();
    }
}
