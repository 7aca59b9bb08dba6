package com.msoledger.api.money;

import static com.msoledger.api.money.MoneyException.OUT_OF_RANGE;
import static com.msoledger.api.money.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentTest {

    @ParameterizedTest(name = "\"{0}\" = {1} hundredths")
    @CsvSource({"6.00, 600", "0.00, 0", "0.01, 1", "33.33, 3333", "100.00, 10000", "1000.00, 100000"})
    void canonicalTextParsesToHundredthsAndFormatsBack(String text, long hundredths) {
        Percent percent = Percent.parse(text);
        assertThat(percent.hundredths()).isEqualTo(hundredths);
        assertThat(percent).hasToString(text);
    }

    @ParameterizedTest(name = "\"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
        "6          | wrong_scale",
        "6.0        | wrong_scale",
        "6.000      | wrong_scale",
        "-1.00      | malformed",
        "+6.00      | malformed",
        "1e2        | malformed",
        "' 6.00'    | malformed",
        "'6.00 '    | malformed",
        "6,00       | malformed",
        "06.00      | malformed",
        ".50        | malformed",
        "''         | malformed",
        "6.00%      | malformed",
        "1000.01    | out_of_range",
        "99999999999999999999999.00 | out_of_range",
    })
    void nonCanonicalOrOutOfRangeTextIsRefused(String text, String reason) {
        assertRefused(() -> Percent.parse(text), reason);
    }

    @Test
    void missingTextIsMalformed() {
        assertRefused(() -> Percent.parse(null), MoneyException.MALFORMED);
    }

    @Test
    void constructorRefusesNegativeAndAboveOneThousandPercent() {
        assertRefused(() -> new Percent(-1), OUT_OF_RANGE);
        assertRefused(() -> new Percent(Percent.MAX_HUNDREDTHS + 1), OUT_OF_RANGE);
    }

    @Test
    void constantsAndPredicatesMeanWhatTheySay() {
        assertThat(Percent.HUNDRED).hasToString("100.00").returns(true, Percent::isHundred);
        assertThat(Percent.ZERO).hasToString("0.00").returns(false, Percent::isHundred);
        assertThat(Percent.parse("6.00").toBigDecimal()).isEqualTo(new BigDecimal("6.00"));
    }

    @Test
    void additionIsExactAndRangeChecked() {
        assertThat(Percent.parse("33.34").plus(Percent.parse("66.66"))).isEqualTo(Percent.HUNDRED);
        assertThat(Percent.sum(List.of(Percent.parse("33.34"), Percent.parse("33.33"), Percent.parse("33.33"))).isHundred())
                .isTrue();
        assertThat(Percent.sum(List.of())).isEqualTo(Percent.ZERO);
        assertRefused(() -> Percent.parse("1000.00").plus(Percent.parse("0.01")), OUT_OF_RANGE);
        assertRefused(() -> Percent.sum(List.of(Percent.parse("600.00"), Percent.parse("600.00"))), OUT_OF_RANGE);
    }
}
