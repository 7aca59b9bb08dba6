package com.msoledger.ledger.agreement;

import com.msoledger.api.time.Period;
import com.msoledger.ledger.common.RuleViolation;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The term and the accounting periods on their own: which dates an entry may carry, when a period
 * closes, and how far a termination may move the end.
 */
class AccountingPeriodsTest {

    private static final LocalDate START = LocalDate.of(2026, 1, 1);
    private static final LocalDate END = LocalDate.of(2026, 12, 31);
    private static final Period DEC_2025 = Period.parse("2025-12");
    private static final Period JAN = Period.parse("2026-01");
    private static final Period FEB = Period.parse("2026-02");
    private static final Period MAR = Period.parse("2026-03");
    private static final Period APR = Period.parse("2026-04");

    private static AccountingPeriods term() {
        return new AccountingPeriods(START, END);
    }

    private static AccountingPeriods closedThrough(Period... closedInOrder) {
        AccountingPeriods periods = term();
        for (Period period : closedInOrder) {
            periods.closed(period);
        }
        return periods;
    }

    /** The refusal thrown, which must be a 422-kind rule violation. */
    private static RuleViolation refusal(ThrowingCallable call) {
        RuleViolation violation = catchThrowableOfType(RuleViolation.class, call);
        assertThat(violation).as("a RuleViolation").isNotNull();
        assertThat(violation.kind()).isEqualTo(RuleViolation.Kind.INVALID);
        return violation;
    }

    private static void assertRefused(ThrowingCallable call, String code, String field) {
        RuleViolation violation = refusal(call);
        assertThat(violation.code()).as("code").isEqualTo(code);
        assertThat(violation.field()).as("field").isEqualTo(field);
    }

    @Nested
    class EntryDates {

        @Test
        void refusesACorrectionOfAPeriodBeforeTheAgreementStartedEvenOnceAPeriodIsClosed() {
            // found on review: every month up to the last closed one counted as closed, the term's own months or not
            assertRefused(() -> closedThrough(JAN).requireEntryDates(LocalDate.of(2026, 2, 10), null, DEC_2025),
                    "before-agreement-start", "correctsPeriod");
        }

        @Test
        void refusesAnEntryWithoutAnEffectiveDate() {
            assertRefused(() -> term().requireEntryDates(null, JAN, null), "missing-field", "effectiveDate");
        }

        @Test
        void refusesAnEntryDatedTheDayBeforeTheTermStarts() {
            assertRefused(() -> term().requireEntryDates(START.minusDays(1), null, null),
                    "before-agreement-start", "effectiveDate");
        }

        @Test
        void refusesAnEntryDatedTheDayAfterTheTermEnds() {
            assertRefused(() -> term().requireEntryDates(END.plusDays(1), null, null),
                    "after-agreement-end", "effectiveDate");
        }

        @Test
        void acceptsAnEntryDatedOnTheFirstDayOfTheTerm() {
            assertThatCode(() -> term().requireEntryDates(START, JAN, null)).doesNotThrowAnyException();
        }

        @Test
        void acceptsAnEntryDatedOnTheLastDayOfTheTerm() {
            assertThatCode(() -> term().requireEntryDates(END, Period.parse("2026-12"), null)).doesNotThrowAnyException();
        }

        @Test
        void acceptsAnEntryDatedYearsLaterWhenTheTermIsOpenEnded() {
            AccountingPeriods openEnded = new AccountingPeriods(START, null);

            assertThatCode(() -> openEnded.requireEntryDates(LocalDate.of(2041, 5, 17), null, null))
                    .doesNotThrowAnyException();
        }

        @Test
        void refusesAnEntryDatedInAClosedPeriodAndNamesTheFirstOpenOne() {
            RuleViolation violation = refusal(() -> closedThrough(JAN).requireEntryDates(LocalDate.of(2026, 1, 31), JAN, JAN));

            assertThat(violation.code()).isEqualTo("period-closed");
            assertThat(violation.field()).isEqualTo("effectiveDate");
            assertThat(violation.getMessage()).contains("period 2026-01 is closed").contains("2026-02 or later");
        }

        @Test
        void refusesAnEntryDatedInAPeriodBeforeTheLastClosedOne() {
            assertRefused(() -> closedThrough(JAN, FEB).requireEntryDates(LocalDate.of(2026, 1, 15), null, null),
                    "period-closed", "effectiveDate");
        }

        @Test
        void acceptsAnEntryDatedOnTheFirstDayAfterTheLastClosedPeriod() {
            assertThatCode(() -> closedThrough(JAN).requireEntryDates(FEB.firstDay(), FEB, null)).doesNotThrowAnyException();
        }

        @Test
        void refusesAnEntryForAPeriodAfterTheMonthOfItsEffectiveDate() {
            assertRefused(() -> term().requireEntryDates(MAR.lastDay(), APR, null), "period-after-effective-date", "period");
        }

        @Test
        void acceptsAnEntryForAnEarlierOpenPeriodWithoutACorrectionReference() {
            assertThatCode(() -> term().requireEntryDates(APR.firstDay(), MAR, null)).doesNotThrowAnyException();
        }

        @Test
        void refusesAnEntryForAPeriodBeforeTheTermStartsThoughDatedWithinIt() {
            assertRefused(() -> term().requireEntryDates(LocalDate.of(2026, 1, 15), DEC_2025, null),
                    "before-agreement-start", "period");
        }

        @Test
        void refusesALateEntryForAClosedPeriodThatDoesNotSayItCorrectsIt() {
            assertRefused(() -> closedThrough(JAN).requireEntryDates(LocalDate.of(2026, 2, 3), JAN, null),
                    "late-entry-needs-correction-reference", "correctsPeriod");
        }

        @Test
        void refusesALateEntryForAClosedPeriodThatNamesAnotherClosedPeriod() {
            assertRefused(() -> closedThrough(JAN, FEB).requireEntryDates(MAR.firstDay(), JAN, FEB),
                    "late-entry-needs-correction-reference", "correctsPeriod");
        }

        @Test
        void acceptsACorrectionOfAClosedPeriodDatedInTheNextOpenOne() {
            assertThatCode(() -> closedThrough(JAN).requireEntryDates(LocalDate.of(2026, 2, 3), JAN, JAN))
                    .doesNotThrowAnyException();
        }

        @Test
        void acceptsACorrectionOfAClosedPeriodByAnEntryWithoutAPeriod() {
            // a reversal names no period of its own, only the closed one it corrects
            assertThatCode(() -> closedThrough(JAN, FEB).requireEntryDates(LocalDate.of(2026, 3, 9), null, JAN))
                    .doesNotThrowAnyException();
        }

        @Test
        void refusesACorrectionOfAPeriodThatIsStillOpen() {
            assertRefused(() -> term().requireEntryDates(LocalDate.of(2026, 2, 3), FEB, FEB),
                    "corrects-open-period", "correctsPeriod");
        }

        @Test
        void refusesACorrectionOfTheOpenPeriodRightAfterTheLastClosedOne() {
            assertRefused(() -> closedThrough(JAN).requireEntryDates(LocalDate.of(2026, 2, 3), null, FEB),
                    "corrects-open-period", "correctsPeriod");
        }

        @Test
        void judgesTheEffectiveDateBeforeThePeriod() {
            assertRefused(() -> term().requireEntryDates(START.minusDays(1), APR, null),
                    "before-agreement-start", "effectiveDate");
        }
    }

    @Nested
    class Closing {

        @Test
        void refusesToCloseWithoutAPeriod() {
            assertRefused(() -> term().closesNow(null, LocalDate.of(2026, 6, 1)), "missing-field", "period");
        }

        @Test
        void refusesToCloseAPeriodBeforeTheTermStarts() {
            assertRefused(() -> term().closesNow(DEC_2025, LocalDate.of(2026, 6, 1)), "before-agreement-start", "period");
        }

        @Test
        void closesTheFirstPeriodOnTheDayAfterItsLastDay() {
            assertThat(term().closesNow(JAN, LocalDate.of(2026, 2, 1))).isTrue();
        }

        @Test
        void refusesToCloseAPeriodOnItsLastDay() {
            assertRefused(() -> term().closesNow(JAN, JAN.lastDay()), "period-not-ended", "period");
        }

        @Test
        void refusesToCloseAPeriodWhileAnEarlierOneIsOpen() {
            RuleViolation violation = refusal(() -> term().closesNow(FEB, LocalDate.of(2026, 6, 1)));

            assertThat(violation.code()).isEqualTo("periods-close-in-order");
            assertThat(violation.field()).isEqualTo("period");
            assertThat(violation.getMessage()).contains("close 2026-01 first");
        }

        @Test
        void refusesToSkipAPeriodAfterTheLastClosedOne() {
            assertRefused(() -> closedThrough(JAN).closesNow(MAR, LocalDate.of(2026, 6, 1)), "periods-close-in-order", "period");
        }

        @Test
        void closesThePeriodAfterTheLastClosedOne() {
            assertThat(closedThrough(JAN).closesNow(FEB, MAR.firstDay())).isTrue();
        }

        @Test
        void answersARepeatedClosingOfTheLastClosedPeriodWithFalse() {
            assertThat(closedThrough(JAN).closesNow(JAN, LocalDate.of(2026, 6, 1))).isFalse();
        }

        @Test
        void answersClosingAnEarlierClosedPeriodWithFalse() {
            assertThat(closedThrough(JAN, FEB).closesNow(JAN, LocalDate.of(2026, 6, 1))).isFalse();
        }

        @Test
        void onlyTheRecordedClosingClosesAPeriod() {
            AccountingPeriods periods = term();

            assertThat(periods.closesNow(JAN, FEB.firstDay())).isTrue();
            assertThat(periods.closesNow(JAN, FEB.firstDay())).as("asking again before it is recorded").isTrue();
            periods.closed(JAN);
            assertThat(periods.closesNow(JAN, FEB.firstDay())).as("once recorded").isFalse();
        }

        @Test
        void closesThePeriodInWhichATerminatedAgreementEnds() {
            AccountingPeriods periods = closedThrough(JAN, FEB, MAR, APR, Period.parse("2026-05"));
            periods.endOn(LocalDate.of(2026, 6, 15));

            assertThat(periods.closesNow(Period.parse("2026-06"), LocalDate.of(2026, 7, 1))).isTrue();
        }

        @Test
        void refusesToCloseAPeriodAfterTheTerminationDate() {
            AccountingPeriods periods = closedThrough(JAN, FEB, MAR, APR, Period.parse("2026-05"), Period.parse("2026-06"));
            periods.endOn(LocalDate.of(2026, 6, 15));

            assertRefused(() -> periods.closesNow(Period.parse("2026-07"), LocalDate.of(2026, 8, 1)),
                    "after-agreement-end", "period");
        }

        @Test
        void refusesToCloseAPeriodAfterTheTermEndsBeforeJudgingTheOrder() {
            assertRefused(() -> term().closesNow(Period.parse("2027-01"), LocalDate.of(2027, 2, 1)),
                    "after-agreement-end", "period");
        }
    }

    @Nested
    class EndingEarly {

        private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);

        @Test
        void refusesAnEndInThePast() {
            assertRefused(() -> term().requireEarlierEnd(TODAY.minusDays(1), TODAY), "termination-in-past", "effectiveTo");
        }

        @Test
        void acceptsAnEndToday() {
            assertThatCode(() -> term().requireEarlierEnd(TODAY, TODAY)).doesNotThrowAnyException();
        }

        @Test
        void refusesAnEndBeforeAFutureStart() {
            AccountingPeriods future = new AccountingPeriods(LocalDate.of(2026, 6, 1), null);

            assertRefused(() -> future.requireEarlierEnd(LocalDate.of(2026, 5, 31), TODAY), "term-inverted", "effectiveTo");
        }

        @Test
        void acceptsAnEndOnTheFirstDayOfAFutureStart() {
            AccountingPeriods future = new AccountingPeriods(LocalDate.of(2026, 6, 1), null);

            assertThatCode(() -> future.requireEarlierEnd(LocalDate.of(2026, 6, 1), TODAY)).doesNotThrowAnyException();
        }

        @Test
        void refusesAnEndAfterTheEndTheTermAlreadyHas() {
            RuleViolation violation = refusal(() -> term().requireEarlierEnd(END.plusDays(1), TODAY));

            assertThat(violation.code()).isEqualTo("after-agreement-end");
            assertThat(violation.field()).isEqualTo("effectiveTo");
            assertThat(violation.getMessage()).contains("2026-12-31");
        }

        @Test
        void acceptsAnEndOnTheLastDayOfTheTerm() {
            assertThatCode(() -> term().requireEarlierEnd(END, TODAY)).doesNotThrowAnyException();
        }

        @Test
        void acceptsAnyFutureEndOfAnOpenEndedTerm() {
            AccountingPeriods openEnded = new AccountingPeriods(START, null);

            assertThatCode(() -> openEnded.requireEarlierEnd(LocalDate.of(2040, 1, 31), TODAY)).doesNotThrowAnyException();
        }

        @Test
        void endOnMovesTheLastDayOnWhichAnythingMayBeRecorded() {
            AccountingPeriods periods = term();
            LocalDate terminated = LocalDate.of(2026, 6, 15);

            periods.endOn(terminated);

            assertThat(periods.lastDay()).isEqualTo(terminated);
            assertThatCode(() -> periods.requireEntryDates(terminated, null, null)).doesNotThrowAnyException();
            assertRefused(() -> periods.requireEntryDates(terminated.plusDays(1), null, null),
                    "after-agreement-end", "effectiveDate");
            assertRefused(() -> periods.requireEarlierEnd(terminated.plusDays(1), TODAY), "after-agreement-end", "effectiveTo");
        }

        @Test
        void endOnGivesAnOpenEndedTermItsLastDay() {
            AccountingPeriods periods = new AccountingPeriods(START, null);

            periods.endOn(LocalDate.of(2027, 3, 31));

            assertThat(periods.lastDay()).isEqualTo(LocalDate.of(2027, 3, 31));
            assertThat(periods.effectiveFrom()).isEqualTo(START);
        }
    }
}
