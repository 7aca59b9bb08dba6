package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.RiskSharingTerms;
import com.msoledger.api.entry.Owed;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.ledger.common.RuleViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The MSO's share of a period's result within the corridor: 20 % of it, at most 50,000.00 up and 25,000.00 down. */
class RiskShareTest {

    private static final RiskSharingTerms CORRIDOR = new RiskSharingTerms(Percent.parse("20.00"),
            usd("50000.00"), usd("25000.00"));

    private static Money usd(String decimal) {
        return Money.parse(decimal, "USD");
    }

    private static RiskShare share(String revenue, String expenses, RiskSharingTerms terms) {
        return RiskShare.of(usd(revenue), usd(expenses), terms);
    }

    @Test
    void accruesTheShareOfAGainInsideTheCapAsOwedByThePractice() {
        assertThat(share("500000.00", "400000.00", CORRIDOR)).isEqualTo(new RiskShare(usd("100000.00"), usd("20000.00"),
                usd("20000.00"), false, Owed.PRACTICE_TO_MSO));
    }

    @Test
    void capsTheShareOfAGainOverTheCap() {
        assertThat(share("1000000.00", "500000.00", CORRIDOR)).isEqualTo(new RiskShare(usd("500000.00"), usd("100000.00"),
                usd("50000.00"), true, Owed.PRACTICE_TO_MSO));
    }

    @Test
    void doesNotCallAShareExactlyAtTheCapClamped() {
        assertThat(share("750000.00", "500000.00", CORRIDOR)).isEqualTo(new RiskShare(usd("250000.00"), usd("50000.00"),
                usd("50000.00"), false, Owed.PRACTICE_TO_MSO));
    }

    @Test
    void accruesTheShareOfALossInsideTheFloorAsOwedByTheMso() {
        assertThat(share("400000.00", "500000.00", CORRIDOR)).isEqualTo(new RiskShare(usd("-100000.00"), usd("-20000.00"),
                usd("20000.00"), false, Owed.MSO_TO_PRACTICE));
    }

    @Test
    void limitsTheShareOfALossOverTheFloor() {
        assertThat(share("100000.00", "600000.00", CORRIDOR)).isEqualTo(new RiskShare(usd("-500000.00"), usd("-100000.00"),
                usd("25000.00"), true, Owed.MSO_TO_PRACTICE));
    }

    @Test
    void owesNothingOnAResultOfExactlyZero() {
        assertThat(share("300000.00", "300000.00", CORRIDOR)).isEqualTo(new RiskShare(usd("0.00"), usd("0.00"),
                usd("0.00"), false, Owed.NOTHING));
    }

    @Test
    void owesNothingOnAGainWhenTheMsoTakesNoUpside() {
        RiskSharingTerms noUpside = new RiskSharingTerms(Percent.parse("20.00"), usd("0.00"), usd("25000.00"));

        assertThat(share("500000.00", "400000.00", noUpside)).isEqualTo(new RiskShare(usd("100000.00"), usd("20000.00"),
                usd("0.00"), true, Owed.NOTHING));
    }

    @Test
    void owesNothingWhenTheShareRoundsToZero() {
        RiskShare share = share("0.02", "0.00", CORRIDOR);

        assertThat(share.accrued()).isEqualTo(usd("0.00"));
        assertThat(share.owed()).isEqualTo(Owed.NOTHING);
        assertThat(share.clamped()).isFalse();
    }

    @ParameterizedTest(name = "50 % of {0} − {1} is {2}")
    @CsvSource({
            "0.25, 0.00, 0.12",   // 0.125 → even 0.12
            "0.75, 0.00, 0.38",   // 0.375 → even 0.38
            "0.35, 0.00, 0.18",   // 0.175 → even 0.18
            "0.45, 0.00, 0.22",   // 0.225 → even 0.22
            "0.00, 0.25, 0.12",   // a loss rounds its magnitude the same way
            "0.00, 0.75, 0.38",
            "0.33, 0.00, 0.16",   // 0.165 → even 0.16, not up to 0.17
            "0.31, 0.00, 0.16",   // 0.155 → even 0.16, not down to 0.15
    })
    void roundsTheShareHalfToEven(String revenue, String expenses, String accrued) {
        RiskSharingTerms half = new RiskSharingTerms(Percent.parse("50.00"), usd("50000.00"), usd("25000.00"));

        RiskShare share = share(revenue, expenses, half);

        assertThat(share.accrued()).isEqualTo(usd(accrued));
        assertThat(share.computed()).isEqualTo(share.net().isNegative() ? usd(accrued).negate() : usd(accrued));
    }

    @Test
    void refusesAResultBeyondTheSupportedRangeNamingTheRevenue() {
        RuleViolation violation = catchThrowableOfType(RuleViolation.class,
                () -> RiskShare.of(Money.ofMinor(Money.MAX_MINOR_UNITS, "USD"), Money.ofMinor(-1, "USD"), CORRIDOR));

        assertThat(violation).isNotNull();
        assertThat(violation.kind()).isEqualTo(RuleViolation.Kind.INVALID);
        assertThat(violation.code()).isEqualTo("amount-out-of-range");
        assertThat(violation.field()).isEqualTo("practiceRevenue");
    }
}
