package com.msoledger.api.money;

import static com.msoledger.api.money.MoneyException.CURRENCY_MISMATCH;
import static com.msoledger.api.money.MoneyException.OUT_OF_RANGE;
import static com.msoledger.api.money.MoneyException.STAKES_NOT_100;
import static com.msoledger.api.money.MoneyException.UNKNOWN_CURRENCY;
import static com.msoledger.api.money.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    private static Money usd(String amount) {
        return Money.parse(amount, "USD");
    }

    private static Percent pct(String percent) {
        return Percent.parse(percent);
    }

    private static List<Money> usds(String... amounts) {
        return Arrays.stream(amounts).map(MoneyTest::usd).toList();
    }

    private static List<Percent> stakes(String... percents) {
        return Arrays.stream(percents).map(Percent::parse).toList();
    }

    @Test
    void workedExampleSixPercentOfTwoHundredThousandIsTwelveThousand() {
        assertThat(usd("200000.00").times(pct("6.00"))).isEqualTo(usd("12000.00"));
    }

    @Test
    void unitPriceTimesQuantityIsExact() {
        assertThat(usd("150.00").timesUnits(12)).isEqualTo(usd("1800.00"));
    }

    @Test
    void tenPercentMarkupOnEightThousandIsEightThousandEightHundred() {
        assertThat(usd("8000.00").withMarkup(pct("10.00"))).isEqualTo(usd("8800.00"));
    }

    @Test
    void twentyPercentOfFiftyThousandIsTenThousand() {
        assertThat(usd("50000.00").times(pct("20.00"))).isEqualTo(usd("10000.00"));
    }

    @ParameterizedTest(name = "{0} × {1}% = {2}")
    @CsvSource({
        "12.50, 1.00, 0.12",    // 0.125 → even neighbour 0.12
        "13.50, 1.00, 0.14",    // 0.135 → even neighbour 0.14
        "-12.50, 1.00, -0.12",  // symmetric for negatives
        "-13.50, 1.00, -0.14",
        "0.50, 1.00, 0.00",     // 0.005 → 0.00
        "1.50, 1.00, 0.02",     // 0.015 → 0.02
        "12.51, 1.00, 0.13",    // not a tie: plain nearest
    })
    void percentageSharesRoundHalfEvenToTheMinorUnit(String amount, String percent, String expected) {
        assertThat(usd(amount).times(pct(percent))).isEqualTo(usd(expected));
    }

    @ParameterizedTest(name = "{0} + {1}% = {2}")
    @CsvSource({
        "0.25, 10.00, 0.28",  // 0.275 → 0.28
        "0.15, 10.00, 0.16",  // 0.165 → 0.16
        "0.01, 50.00, 0.02",  // 0.015 → 0.02
        "100.00, 0.00, 100.00",
    })
    void markupIsRoundedHalfEvenOnceOnTheExactTotal(String amount, String markup, String expected) {
        assertThat(usd(amount).withMarkup(pct(markup))).isEqualTo(usd(expected));
    }

    @Test
    void markupRoundsTheTotalNotTheMarkupSoItCanDifferFromPlusTimesOnTies() {
        Money cent = usd("0.01");
        assertThat(cent.withMarkup(pct("50.00"))).isEqualTo(usd("0.02"));
        assertThat(cent.plus(cent.times(pct("50.00")))).isEqualTo(usd("0.01"));
    }

    @Test
    void allocationByFiftyOneFortyNineIsExact() {
        assertThat(usd("100.00").allocate(stakes("51.00", "49.00"))).isEqualTo(usds("51.00", "49.00"));
    }

    @Test
    void allocationOfOneCentGoesToTheLargestRemainder() {
        assertThat(usd("0.01").allocate(stakes("33.34", "33.33", "33.33"))).isEqualTo(usds("0.01", "0.00", "0.00"));
    }

    @Test
    void allocationInThirdsSumsToTheWhole() {
        List<Money> parts = usd("100.00").allocate(stakes("33.34", "33.33", "33.33"));
        assertThat(parts).isEqualTo(usds("33.34", "33.33", "33.33"));
        assertThat(Money.sum(parts, "USD")).isEqualTo(usd("100.00"));
    }

    @Test
    void allocationBreaksRemainderTiesByLowerIndex() {
        assertThat(usd("0.02").allocate(stakes("33.34", "33.33", "33.33"))).isEqualTo(usds("0.01", "0.01", "0.00"));
        assertThat(usd("0.01").allocate(stakes("50.00", "50.00"))).isEqualTo(usds("0.01", "0.00"));
    }

    @Test
    void allocationOfANegativeAmountNegatesTheAllocationOfItsAbsoluteValue() {
        assertThat(usd("-100.00").allocate(stakes("33.34", "33.33", "33.33")))
                .isEqualTo(usds("-33.34", "-33.33", "-33.33"));
        assertThat(usd("-0.01").allocate(stakes("33.34", "33.33", "33.33"))).isEqualTo(usds("-0.01", "0.00", "0.00"));
    }

    @Test
    void allocationNeverGivesAnythingToAZeroStake() {
        assertThat(usd("0.03").allocate(stakes("0.00", "50.00", "0.00", "50.00"))).isEqualTo(usds("0.00", "0.02", "0.00", "0.01"));
    }

    @Test
    void allocationOfTheLargestAmountDoesNotOverflow() {
        Money max = Money.ofMinor(Money.MAX_MINOR_UNITS, "USD");
        List<Money> parts = max.allocate(stakes("99.99", "0.01"));
        assertThat(parts).extracting(Money::minorUnits).containsExactly(999_899_999_999_999L, 100_000_000_000L);
    }

    @Test
    void allocationResultIsUnmodifiable() {
        List<Money> parts = usd("1.00").allocate(stakes("100.00"));
        assertThatThrownBy(() -> parts.add(usd("1.00"))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void allocationRefusesStakesThatAreEmptyOrDoNotSumToExactlyOneHundred() {
        assertRefused(() -> usd("1.00").allocate(List.of()), STAKES_NOT_100);
        assertRefused(() -> usd("1.00").allocate(stakes("50.00", "49.99")), STAKES_NOT_100);
        assertRefused(() -> usd("1.00").allocate(stakes("50.00", "50.01")), STAKES_NOT_100);
        assertRefused(() -> usd("1.00").allocate(stakes("1000.00", "1000.00")), STAKES_NOT_100);
    }

    @Test
    void arithmeticIsExactInMinorUnits() {
        assertThat(usd("0.10").plus(usd("0.20"))).isEqualTo(usd("0.30"));
        assertThat(usd("0.10").minus(usd("0.25"))).isEqualTo(usd("-0.15"));
        assertThat(usd("-0.15").negate()).isEqualTo(usd("0.15"));
        assertThat(usd("-0.15").abs()).isEqualTo(usd("0.15"));
        assertThat(usd("0.15").abs()).isEqualTo(usd("0.15"));
        assertThat(Money.zero("USD").negate()).isEqualTo(Money.zero("USD"));
    }

    @Test
    void signPredicatesAgreeWithSignum() {
        assertThat(usd("-0.01")).returns(true, Money::isNegative).returns(false, Money::isPositive)
                .returns(false, Money::isZero).returns(-1, Money::signum);
        assertThat(usd("0.00")).returns(false, Money::isNegative).returns(false, Money::isPositive)
                .returns(true, Money::isZero).returns(0, Money::signum);
        assertThat(usd("0.01")).returns(false, Money::isNegative).returns(true, Money::isPositive)
                .returns(false, Money::isZero).returns(1, Money::signum);
    }

    @Test
    void comparisonsAndMinMaxWorkWithinOneCurrency() {
        Money small = usd("1.00");
        Money big = usd("2.00");
        assertThat(big.isGreaterThan(small)).isTrue();
        assertThat(small.isGreaterThan(big)).isFalse();
        assertThat(small.isGreaterThan(small)).isFalse();
        assertThat(small.isLessThan(big)).isTrue();
        assertThat(small.min(big)).isSameAs(small);
        assertThat(big.min(small)).isSameAs(small);
        assertThat(small.max(big)).isSameAs(big);
        assertThat(big.max(small)).isSameAs(big);
    }

    @Test
    void sumOfNothingIsZeroAndSumDoesNotDependOnOrder() {
        assertThat(Money.sum(List.of(), "JPY")).isEqualTo(Money.zero("JPY"));
        Money max = Money.ofMinor(Money.MAX_MINOR_UNITS, "USD");
        // An intermediate total above the range is fine as long as the final total is in range.
        assertThat(Money.sum(List.of(max, usd("0.01"), usd("-0.01")), "USD")).isEqualTo(max);
        assertRefused(() -> Money.sum(List.of(max, usd("0.01")), "USD"), OUT_OF_RANGE);
    }

    @Test
    void mixingCurrenciesIsRefused() {
        Money usd = usd("1.00");
        Money eur = Money.parse("1.00", "EUR");
        assertRefused(() -> usd.plus(eur), CURRENCY_MISMATCH);
        assertRefused(() -> usd.minus(eur), CURRENCY_MISMATCH);
        assertRefused(() -> usd.isGreaterThan(eur), CURRENCY_MISMATCH);
        assertRefused(() -> usd.isLessThan(eur), CURRENCY_MISMATCH);
        assertRefused(() -> usd.min(eur), CURRENCY_MISMATCH);
        assertRefused(() -> usd.max(eur), CURRENCY_MISMATCH);
        assertRefused(() -> Money.sum(List.of(usd, eur), "USD"), CURRENCY_MISMATCH);
        assertRefused(() -> Money.sum(List.of(usd), "EUR"), CURRENCY_MISMATCH);
    }

    @Test
    void resultsBeyondTheRangeAreRefusedNotWrapped() {
        Money max = Money.ofMinor(Money.MAX_MINOR_UNITS, "USD");
        Money min = max.negate();
        Money cent = usd("0.01");
        assertRefused(() -> max.plus(cent), OUT_OF_RANGE);
        assertRefused(() -> min.minus(cent), OUT_OF_RANGE);
        assertRefused(() -> max.timesUnits(2), OUT_OF_RANGE);
        assertRefused(() -> max.timesUnits(Long.MAX_VALUE), OUT_OF_RANGE);
        assertRefused(() -> cent.timesUnits(Long.MIN_VALUE), OUT_OF_RANGE);
        assertRefused(() -> max.times(pct("100.01")), OUT_OF_RANGE);
        assertRefused(() -> max.withMarkup(pct("0.01")), OUT_OF_RANGE);
        assertThat(max.times(pct("100.00"))).isEqualTo(max);
        assertRefused(() -> min.times(pct("1000.00")), OUT_OF_RANGE);
    }

    @Test
    void constructorEnforcesTheRange() {
        assertThat(Money.ofMinor(Money.MAX_MINOR_UNITS, "USD").minorUnits()).isEqualTo(999_999_999_999_999L);
        assertThat(Money.ofMinor(-Money.MAX_MINOR_UNITS, "USD").minorUnits()).isEqualTo(-999_999_999_999_999L);
        assertRefused(() -> Money.ofMinor(Money.MAX_MINOR_UNITS + 1, "USD"), OUT_OF_RANGE);
        assertRefused(() -> Money.ofMinor(-Money.MAX_MINOR_UNITS - 1, "USD"), OUT_OF_RANGE);
        assertRefused(() -> Money.ofMinor(Long.MIN_VALUE, "USD"), OUT_OF_RANGE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XXX", "XAU", "XAG", "XDR", "usd", "ABC", "US", "USDX", ""})
    void currenciesWithoutAMinorUnitOrNotInIso4217AreRefused(String currency) {
        assertRefused(() -> Money.zero(currency), UNKNOWN_CURRENCY);
    }

    @Test
    void missingCurrencyIsRefused() {
        assertRefused(() -> Money.zero(null), UNKNOWN_CURRENCY);
    }

    @Test
    void scaleIsTheCurrencysFractionDigits() {
        assertThat(Money.zero("USD").scale()).isEqualTo(2);
        assertThat(Money.zero("JPY").scale()).isEqualTo(0);
        assertThat(Money.zero("BHD").scale()).isEqualTo(3);
    }

    @Test
    void exceptionIsAnIllegalArgumentExceptionWithAReasonAndAMessage() {
        assertThatThrownBy(() -> usd("1.00").plus(Money.zero("EUR")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("USD").hasMessageContaining("EUR");
    }
}
