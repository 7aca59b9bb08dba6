package com.msoledger.api.money;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A non-negative percentage with exactly two decimals, held as an integer count of hundredths of a
 * percent ({@code "6.00"} is 600 hundredths), so it never suffers binary floating-point error.
 *
 * <p>Guarantees: {@code 0 <= hundredths <= }{@value #MAX_HUNDREDTHS} (0.00 % to 1000.00 %). The
 * textual form is canonical ({@code \d+\.\d{2}} without leading zeros), so {@link #parse(String)}
 * and {@link #toString()} are exact inverses and equal values always have equal text. In JSON a
 * Percent is that string, e.g. {@code "6.00"}.
 *
 * @param hundredths the percentage multiplied by 100
 */
public record Percent(long hundredths) {

    /** Largest supported value, 1000.00 %, in hundredths. */
    public static final long MAX_HUNDREDTHS = 100_000;

    /** 0.00 %. */
    public static final Percent ZERO = new Percent(0);

    /** 100.00 %. */
    public static final Percent HUNDRED = new Percent(10_000);

    // Leading zeros are refused so that every value has exactly one spelling; the fraction is
    // matched loosely so that a wrong digit count can be reported as wrong_scale, not malformed.
    private static final Pattern FORMAT = Pattern.compile("(0|[1-9][0-9]*)(?:\\.([0-9]+))?");

    /**
     * Validates the range.
     *
     * @param hundredths the percentage multiplied by 100, within 0..{@value #MAX_HUNDREDTHS}
     * @throws MoneyException {@value MoneyException#OUT_OF_RANGE} if outside 0.00..1000.00
     */
    public Percent {
        if (hundredths < 0 || hundredths > MAX_HUNDREDTHS) {
            throw outOfRange();
        }
    }

    /**
     * Parses the canonical text form, e.g. {@code "6.00"}. Exactly two fraction digits are required;
     * signs, exponents, whitespace, separators and leading zeros are refused.
     *
     * @param text the percentage text
     * @return the parsed percentage
     * @throws MoneyException {@value MoneyException#MALFORMED}, {@value MoneyException#WRONG_SCALE}
     *                        or {@value MoneyException#OUT_OF_RANGE}
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Percent parse(String text) {
        if (text == null) {
            throw new MoneyException(MoneyException.MALFORMED, "percentage is missing");
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new MoneyException(MoneyException.MALFORMED, "malformed percentage: '" + text + "'");
        }
        if (m.group(2) == null || m.group(2).length() != 2) {
            throw new MoneyException(MoneyException.WRONG_SCALE,
                    "percentage must have exactly 2 decimals, e.g. 6.00: '" + text + "'");
        }
        // More than 4 integer digits is above 1000.00 and could overflow a long if parsed.
        if (m.group(1).length() > 4) {
            throw outOfRange();
        }
        return new Percent(Long.parseLong(m.group(1) + m.group(2)));
    }

    /**
     * Returns the canonical text, e.g. {@code "6.00"}; this is also the JSON representation.
     *
     * @return the percentage with exactly two decimals
     */
    @JsonValue
    @Override
    public String toString() {
        return toBigDecimal().toPlainString();
    }

    /**
     * Returns the exact value as a decimal with scale 2, e.g. {@code 6.00}.
     *
     * @return the percentage (not the fraction: 6.00 % is {@code 6.00}, not {@code 0.06})
     */
    public BigDecimal toBigDecimal() {
        return BigDecimal.valueOf(hundredths, 2);
    }

    /**
     * Adds two percentages exactly.
     *
     * @param other the percentage to add
     * @return the sum
     * @throws MoneyException {@value MoneyException#OUT_OF_RANGE} if the sum exceeds 1000.00
     */
    public Percent plus(Percent other) {
        return new Percent(hundredths + other.hundredths);
    }

    /**
     * Tells whether this is exactly 100.00 %.
     *
     * @return {@code true} iff this equals {@link #HUNDRED}
     */
    public boolean isHundred() {
        return hundredths == HUNDRED.hundredths;
    }

    /**
     * Adds percentages exactly; the empty collection sums to {@link #ZERO}. Only the total is
     * range-checked, so the order of the elements never matters.
     *
     * @param percents the percentages, none {@code null}
     * @return the total
     * @throws MoneyException {@value MoneyException#OUT_OF_RANGE} if the total exceeds 1000.00
     */
    public static Percent sum(Collection<Percent> percents) {
        // Each element is at most 1e5, so a long cannot overflow for any realistic collection.
        return new Percent(percents.stream().mapToLong(Percent::hundredths).sum());
    }

    private static MoneyException outOfRange() {
        return new MoneyException(MoneyException.OUT_OF_RANGE, "percentage must be between 0.00 and 1000.00");
    }
}
