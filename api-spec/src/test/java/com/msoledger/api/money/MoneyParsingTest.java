package com.msoledger.api.money;

import static com.msoledger.api.money.MoneyException.MALFORMED;
import static com.msoledger.api.money.MoneyException.OUT_OF_RANGE;
import static com.msoledger.api.money.MoneyException.UNKNOWN_CURRENCY;
import static com.msoledger.api.money.MoneyException.WRONG_SCALE;
import static com.msoledger.api.money.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyParsingTest {

    @ParameterizedTest(name = "{1} {0} = {2} minor units")
    @CsvSource({
        "1250.00, USD, 125000",
        "-0.05, USD, -5",
        "0.00, USD, 0",
        "0.50, USD, 50",
        "1250, JPY, 1250",
        "0, JPY, 0",
        "-7, JPY, -7",
        "1.250, BHD, 1250",
        "-0.001, BHD, -1",
        "9999999999999.99, USD, 999999999999999",
        "-9999999999999.99, USD, -999999999999999",
        "999999999999999, JPY, 999999999999999",
        "999999999999.999, BHD, 999999999999999",
    })
    void amountsInTheCurrencysExactScaleAreAccepted(String text, String currency, long minorUnits) {
        assertThat(Money.parse(text, currency)).isEqualTo(Money.ofMinor(minorUnits, currency));
    }

    @ParameterizedTest(name = "{1} {0} -> {2}")
    @CsvSource({
        "125000, USD, 1250.00",
        "-5, USD, -0.05",
        "0, USD, 0.00",
        "1250, JPY, 1250",
        "-1, BHD, -0.001",
    })
    void formattingUsesExactlyTheCurrencysScale(long minorUnits, String currency, String expected) {
        assertThat(Money.ofMinor(minorUnits, currency).toDecimalString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "USD \"{0}\" is {1}")
    @CsvSource(delimiter = '|', value = {
        "1250       | wrong_scale",
        "1250.0     | wrong_scale",
        "1250.000   | wrong_scale",
        "+1         | malformed",
        "+1.00      | malformed",
        "1e3        | malformed",
        "1.00e3     | malformed",
        "' 1.00'    | malformed",
        "'1.00 '    | malformed",
        "1,250.00   | malformed",
        "1_250.00   | malformed",
        "-0.00      | malformed",
        "01.00      | malformed",
        "-01.00     | malformed",
        "00.00      | malformed",
        ".50        | malformed",
        "1.         | malformed",
        "--1.00     | malformed",
        "-          | malformed",
        "''         | malformed",
        "１.００      | malformed",
        "NaN        | malformed",
    })
    void nonCanonicalUsdTextIsRefused(String text, String reason) {
        assertRefused(() -> Money.parse(text, "USD"), reason);
    }

    @Test
    void scaleFollowsTheCurrency() {
        assertRefused(() -> Money.parse("1250.00", "JPY"), WRONG_SCALE);
        assertRefused(() -> Money.parse("1250.0", "JPY"), WRONG_SCALE);
        assertRefused(() -> Money.parse("-0", "JPY"), MALFORMED);
        assertRefused(() -> Money.parse("1.25", "BHD"), WRONG_SCALE);
        assertRefused(() -> Money.parse("1.2500", "BHD"), WRONG_SCALE);
    }

    @Test
    void amountsBeyondTheRangeAreRefusedWithTheSupportedRangeInTheMessage() {
        assertThatThrownBy(() -> Money.parse("10000000000000.00", "USD"))
                .isInstanceOf(MoneyException.class)
                .hasMessageContaining("-9999999999999.99").hasMessageContaining("9999999999999.99 USD");
        assertRefused(() -> Money.parse("-10000000000000.00", "USD"), OUT_OF_RANGE);
        assertRefused(() -> Money.parse("99999999999999999999999999.00", "USD"), OUT_OF_RANGE);
        assertRefused(() -> Money.parse("1000000000000000", "JPY"), OUT_OF_RANGE);
        assertRefused(() -> Money.parse("1000000000000.000", "BHD"), OUT_OF_RANGE);
    }

    @Test
    void missingTextOrUnknownCurrencyIsRefused() {
        assertRefused(() -> Money.parse(null, "USD"), MALFORMED);
        assertRefused(() -> Money.parse("1.00", null), UNKNOWN_CURRENCY);
        assertRefused(() -> Money.parse("1.00", "XXX"), UNKNOWN_CURRENCY);
        assertRefused(() -> Money.parse("1.00", "XAU"), UNKNOWN_CURRENCY);
        assertRefused(() -> Money.parse("1.00", "usd"), UNKNOWN_CURRENCY);
    }
}
