package com.msoledger.ledger.agreement;

import com.msoledger.api.time.Period;
import com.msoledger.ledger.common.RuleViolation;

import java.time.LocalDate;

/**
 * The agreement's term and its accounting periods: periods close in order once they have ended, and
 * nothing may be dated in a closed period or outside the term; an entry concerning a closed period
 * but dated later says so ({@code correctsPeriod}), so the closed books and the correction stay linked.
 */
final class AccountingPeriods {

    private LocalDate effectiveFrom;
    /** The last day of the term: the initial end date, or the termination's; null while open-ended. */
    private LocalDate lastDay;
    /** Last closed accounting period, or null while none is closed. */
    private Period lastClosed;

    AccountingPeriods() {
        // for snapshots
    }

    AccountingPeriods(LocalDate effectiveFrom, LocalDate effectiveTo) {
        this.effectiveFrom = effectiveFrom;
        this.lastDay = effectiveTo;
    }

    LocalDate effectiveFrom() {
        return effectiveFrom;
    }

    /** The last day anything may be recorded, or null while open-ended. */
    LocalDate lastDay() {
        return lastDay;
    }

    /**
     * The rules of ending the agreement early: not in the past (an agreement cannot be ended
     * retroactively), not before its start, and not after the end its term already has.
     */
    void requireEarlierEnd(LocalDate end, LocalDate today) {
        if (end.isBefore(today)) {
            throw RuleViolation.invalid("termination-in-past", "effectiveTo",
                    "an agreement cannot be ended retroactively; effectiveTo must be " + today + " or later");
        }
        if (end.isBefore(effectiveFrom)) {
            throw RuleViolation.invalid("term-inverted", "effectiveTo", "effectiveTo must not be before the agreement's start "
                    + effectiveFrom);
        }
        if (lastDay != null && end.isAfter(lastDay)) {
            throw RuleViolation.invalid("after-agreement-end", "effectiveTo",
                    "the agreement's term already ends on " + lastDay + "; a termination can only end it earlier");
        }
    }

    void endOn(LocalDate day) {
        lastDay = day;
    }

    void closed(Period period) {
        lastClosed = period;
    }

    /**
     * The date rules every entry follows: an effective date within the term and in an open period; a
     * concerned period that is not after the effective date and lies within the term; a corrected
     * period that is closed, and named whenever a closed period is concerned.
     */
    void requireEntryDates(LocalDate effectiveDate, Period period, Period correctsPeriod) {
        if (effectiveDate == null) {
            throw RuleViolation.invalid("missing-field", "effectiveDate", "effectiveDate is required");
        }
        if (effectiveDate.isBefore(effectiveFrom)) {
            throw RuleViolation.invalid("before-agreement-start", "effectiveDate", "the agreement starts on " + effectiveFrom);
        }
        if (lastDay != null && effectiveDate.isAfter(lastDay)) {
            throw RuleViolation.invalid("after-agreement-end", "effectiveDate", "the agreement ended on " + lastDay);
        }
        Period accounting = Period.of(effectiveDate);
        if (isClosed(accounting)) {
            throw RuleViolation.invalid("period-closed", "effectiveDate", "period " + accounting
                    + " is closed; date the entry in " + lastClosed.next() + " or later (a correction of the closed period"
                    + " says so in correctsPeriod)");
        }
        if (period != null) {
            if (period.isAfter(accounting)) {
                throw RuleViolation.invalid("period-after-effective-date", "period",
                        "an entry for " + period + " cannot be dated before that period begins");
            }
            if (period.isBefore(first())) {
                throw RuleViolation.invalid("before-agreement-start", "period", "the agreement starts in " + first());
            }
            if (isClosed(period) && !period.equals(correctsPeriod)) {
                throw RuleViolation.invalid("late-entry-needs-correction-reference", "correctsPeriod",
                        period + " is closed; an entry for it dated later must carry correctsPeriod " + period);
            }
        }
        if (correctsPeriod != null && correctsPeriod.isBefore(first())) {
            throw RuleViolation.invalid("before-agreement-start", "correctsPeriod", "the agreement starts in " + first());
        }
        if (correctsPeriod != null && !isClosed(correctsPeriod)) {
            throw RuleViolation.invalid("corrects-open-period", "correctsPeriod",
                    correctsPeriod + " is not closed; correct it with an entry dated in it");
        }
    }

    /**
     * The rules of closing: the period lies within the term, has ended by {@code today}, and is the next
     * one to close (periods close in order, starting with the agreement's first).
     *
     * @return true when it closes now, false when it was closed before (a repeat)
     */
    boolean closesNow(Period period, LocalDate today) {
        if (period == null) {
            throw RuleViolation.invalid("missing-field", "period", "period is required");
        }
        if (period.isBefore(first())) {
            throw RuleViolation.invalid("before-agreement-start", "period", "the agreement starts in " + first());
        }
        if (isClosed(period)) {
            return false;
        }
        if (lastDay != null && period.firstDay().isAfter(lastDay)) {
            throw RuleViolation.invalid("after-agreement-end", "period", "the agreement ended on " + lastDay);
        }
        Period expected = lastClosed == null ? first() : lastClosed.next();
        if (!period.equals(expected)) {
            throw RuleViolation.invalid("periods-close-in-order", "period", "periods close in order: close " + expected + " first");
        }
        if (!period.lastDay().isBefore(today)) {
            throw RuleViolation.invalid("period-not-ended", "period", period + " has not ended yet");
        }
        return true;
    }

    private boolean isClosed(Period period) {
        return lastClosed != null && !period.isAfter(lastClosed);
    }

    private Period first() {
        return Period.of(effectiveFrom);
    }
}
