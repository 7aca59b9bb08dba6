package com.msoledger.ledger.support;

import com.msoledger.api.time.Period;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates of a test, relative to the day it starts on ({@link TestClock}), so the suite means the same
 * on any date. The worked example's story needs three kinds of month: one that has ended ({@code P-1},
 * where the agreement starts and which can be closed), the current one ({@code P0}, open and not
 * ended) and future ones ({@code P+1}, ...).
 *
 * <p>Request templates name them with placeholders that {@link #fill} replaces (and {@link Api} does
 * for every path and body it sends): {@code {P-1}} is the period ({@code yyyy-MM}) one month before
 * the current one, {@code {P-1:15}} its 15th day, {@code {P-1:end}} its last day; {@code {P0}},
 * {@code {P+2:01}} and so on likewise. Days above 28 must be written {@code end}: not every month has them.
 */
public record TestCalendar(LocalDate today) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{P([+-]?\\d+)(?::(\\d{1,2}|end))?}");

    /** The calendar of the suite's current day. */
    public static TestCalendar now() {
        return new TestCalendar(TestClock.INSTANCE.today());
    }

    /** The period {@code offset} months from the current one. */
    public Period period(int offset) {
        return new Period(YearMonth.from(today).plusMonths(offset));
    }

    /** Day {@code day} (1-28) of the period {@code offset} months from the current one. */
    public LocalDate day(int offset, int day) {
        if (day < 1 || day > 28) {
            throw new IllegalArgumentException("day " + day + " is not in every month; use end(offset)");
        }
        return period(offset).firstDay().withDayOfMonth(day);
    }

    /** The last day of the period {@code offset} months from the current one. */
    public LocalDate end(int offset) {
        return period(offset).lastDay();
    }

    /** The text with every placeholder replaced by the date or period it names. */
    public String fill(String text) {
        if (text == null || text.indexOf("{P") < 0) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            int offset = Integer.parseInt(m.group(1));
            String day = m.group(2);
            String value = day == null ? period(offset).toString()
                    : day.equals("end") ? end(offset).toString() : day(offset, Integer.parseInt(day)).toString();
            m.appendReplacement(filled, value);
        }
        m.appendTail(filled);
        return filled.toString();
    }
}
