package com.msoledger.api.money;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * An exact amount of money: a whole number of minor units (cents, fils, yen) of an ISO 4217
 * currency. No operation ever uses binary floating point, wraps on overflow, or silently mixes
 * currencies.
 *
 * <p>Guarantees of every instance: {@code currency} is an ISO 4217 code known to
 * {@link java.util.Currency} with a defined minor unit ({@code getDefaultFractionDigits() >= 0}, so
 * XXX, XAU, XDR and friends are refused), and {@code |minorUnits| <= }{@value #MAX_MINOR_UNITS}.
 * Every operation either returns a value satisfying these invariants or throws
 * {@link MoneyException}. Rounding, where unavoidable, is {@link RoundingMode#HALF_EVEN} and is
 * applied exactly once, to the exact result.
 *
 * <p>JSON: serialized as a plain record, {@code {"minorUnits":125000,"currency":"USD"}}.
 *
 * @param minorUnits the amount in minor units of {@code currency}, e.g. 125000 for USD 1250.00
 * @param currency   the ISO 4217 alphabetic code, e.g. {@code "USD"}
 */
public record Money(long minorUnits, String currency) {

    /**
     * Largest supported absolute amount in minor units (15 digits). Below 2<sup>53</sup>, so
     * {@code minorUnits} survives JSON consumers that read numbers as doubles (JavaScript), and small
     * enough that the sum of any two amounts cannot overflow a {@code long}.
     */
    public static final long MAX_MINOR_UNITS = 999_999_999_999_999L;

    private static final BigInteger MAX_MINOR_BIG = BigInteger.valueOf(MAX_MINOR_UNITS);

    /** Denominator of a factor expressed in hundredths of a percent (100.00 % == 10 000). */
    private static final long HUNDRED_PERCENT = Percent.HUNDRED.hundredths();

    // Leading zeros are refused so that every amount has exactly one spelling; the fraction is
    // matched loosely so that a wrong digit count is reported as wrong_scale rather than malformed.
    private static final Pattern DECIMAL = Pattern.compile("(-?)(0|[1-9][0-9]*)(?:\\.([0-9]+))?");

    /**
     * Validates the invariants.
     *
     * @param minorUnits the amount in minor units, within ±{@value #MAX_MINOR_UNITS}
     * @param currency   an ISO 4217 code with a defined minor unit
     * @throws MoneyException {@value MoneyException#UNKNOWN_CURRENCY} or
     *                        {@value MoneyException#OUT_OF_RANGE}
     */
    public Money {
        int scale = fractionDigits(currency);
        if (minorUnits > MAX_MINOR_UNITS || minorUnits < -MAX_MINOR_UNITS) {
            throw outOfRange(currency, scale);
        }
    }

    /**
     * Returns zero in the given currency.
     *
     * @param currency ISO 4217 code
     * @return a zero amount
     * @throws MoneyException {@value MoneyException#UNKNOWN_CURRENCY}
     */
    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    /**
     * Returns the amount with the given number of minor units; same as the canonical constructor.
     *
     * @param minorUnits amount in minor units
     * @param currency   ISO 4217 code
     * @return the amount
     * @throws MoneyException {@value MoneyException#UNKNOWN_CURRENCY} or
     *                        {@value MoneyException#OUT_OF_RANGE}
     */
    public static Money ofMinor(long minorUnits, String currency) {
        return new Money(minorUnits, currency);
    }

    /**
     * Parses a plain decimal in the currency's exact scale: {@code -?digits[.digits]} with exactly
     * {@link #scale()} fraction digits (USD {@code "1250.00"}, JPY {@code "1250"}, BHD
     * {@code "1.250"}). Refused: missing or extra fraction digits, {@code +}, exponents, whitespace,
     * grouping separators, leading zeros ({@code "01.00"}) and negative zero ({@code "-0.00"},
     * because a signed zero has no meaning in a ledger). The inverse of {@link #toDecimalString()}.
     *
     * @param decimal  the amount text
     * @param currency ISO 4217 code
     * @return the exact amount
     * @throws MoneyException {@value MoneyException#UNKNOWN_CURRENCY},
     *                        {@value MoneyException#MALFORMED}, {@value MoneyException#WRONG_SCALE}
     *                        or {@value MoneyException#OUT_OF_RANGE}
     */
    public static Money parse(String decimal, String currency) {
        int scale = fractionDigits(currency);
        if (decimal == null) {
            throw new MoneyException(MoneyException.MALFORMED, "amount is missing");
        }
        Matcher m = DECIMAL.matcher(decimal);
        if (!m.matches()) {
            throw new MoneyException(MoneyException.MALFORMED, "malformed amount: '" + decimal + "'");
        }
        String integer = m.group(2);
        String fraction = m.group(3) == null ? "" : m.group(3);
        if (fraction.length() != scale) {
            throw new MoneyException(MoneyException.WRONG_SCALE,
                    currency + " amounts must have exactly " + scale + " decimal(s): '" + decimal + "'");
        }
        // Without leading zeros, more than 15 integer digits is out of range for any scale; the
        // guard also keeps absurdly long input away from BigInteger's superlinear parsing.
        if (integer.length() > 15) {
            throw outOfRange(currency, scale);
        }
        BigInteger magnitude = new BigInteger(integer + fraction);
        if (magnitude.compareTo(MAX_MINOR_BIG) > 0) {
            throw outOfRange(currency, scale);
        }
        boolean negative = !m.group(1).isEmpty();
        if (negative && magnitude.signum() == 0) {
            throw new MoneyException(MoneyException.MALFORMED, "negative zero is ambiguous: '" + decimal + "'");
        }
        long minor = magnitude.longValueExact();
        return new Money(negative ? -minor : minor, currency);
    }

    /**
     * Formats as a plain decimal with exactly {@link #scale()} fraction digits, e.g.
     * {@code "1250.00"}, {@code "-0.05"}, {@code "0.00"}, JPY {@code "1250"}. Never uses exponent
     * notation or grouping, and {@code parse(m.toDecimalString(), m.currency()).equals(m)} always.
     *
     * @return the canonical decimal text
     */
    public String toDecimalString() {
        return BigDecimal.valueOf(minorUnits, scale()).toPlainString();
    }

    /**
     * Returns the number of fraction digits of the currency (2 for USD, 0 for JPY, 3 for BHD).
     *
     * @return the scale, {@code >= 0}
     */
    public int scale() {
        return fractionDigits(currency);
    }

    /**
     * Adds an amount in the same currency exactly.
     *
     * @param other the amount to add
     * @return {@code this + other}
     * @throws MoneyException {@value MoneyException#CURRENCY_MISMATCH} or
     *                        {@value MoneyException#OUT_OF_RANGE}
     */
    public Money plus(Money other) {
        requireSameCurrency(other);
        return exact(() -> Math.addExact(minorUnits, other.minorUnits));
    }

    /**
     * Subtracts an amount in the same currency exactly.
     *
     * @param other the amount to subtract
     * @return {@code this - other}
     * @throws MoneyException {@value MoneyException#CURRENCY_MISMATCH} or
     *                        {@value MoneyException#OUT_OF_RANGE}
     */
    public Money minus(Money other) {
        requireSameCurrency(other);
        return exact(() -> Math.subtractExact(minorUnits, other.minorUnits));
    }

    /**
     * Returns the additive inverse; always succeeds because the range is symmetric.
     *
     * @return {@code -this}
     */
    public Money negate() {
        return new Money(-minorUnits, currency);
    }

    /**
     * Returns the absolute value; always succeeds because the range is symmetric.
     *
     * @return {@code |this|}
     */
    public Money abs() {
        return minorUnits < 0 ? negate() : this;
    }

    /**
     * Tells whether the amount is zero.
     *
     * @return {@code true} iff {@code minorUnits == 0}
     */
    // Jackson treats isXxx() as properties; ignoring them keeps the stored event shape exactly
    // {minorUnits, currency}. The same applies to isPositive() and isNegative().
    @JsonIgnore
    public boolean isZero() {
        return minorUnits == 0;
    }

    /**
     * Tells whether the amount is strictly positive.
     *
     * @return {@code true} iff {@code minorUnits > 0}
     */
    @JsonIgnore
    public boolean isPositive() {
        return minorUnits > 0;
    }

    /**
     * Tells whether the amount is strictly negative.
     *
     * @return {@code true} iff {@code minorUnits < 0}
     */
    @JsonIgnore
    public boolean isNegative() {
        return minorUnits < 0;
    }

    /**
     * Returns the sign of the amount.
     *
     * @return -1, 0 or 1
     */
    public int signum() {
        return Long.signum(minorUnits);
    }

    /**
     * Compares with an amount in the same currency.
     *
     * @param other the amount to compare with
     * @return {@code true} iff {@code this > other}
     * @throws MoneyException {@value MoneyException#CURRENCY_MISMATCH}
     */
    public boolean isGreaterThan(Money other) {
        requireSameCurrency(other);
        return minorUnits > other.minorUnits;
    }

    /**
     * Compares with an amount in the same currency.
     *
     * @param other the amount to compare with
     * @return {@code true} iff {@code this < other}
     * @throws MoneyException {@value MoneyException#CURRENCY_MISMATCH}
     */
    public boolean isLessThan(Money other) {
        requireSameCurrency(other);
        return minorUnits < other.minorUnits;
    }

    /**
     * Returns the smaller of two amounts in the same currency ({@code this} when equal).
     *
     * @param other the amount to compare with
     * @return the minimum
     * @throws MoneyException {@value MoneyException#CURRENCY_MISMATCH}
     */
    public Money min(Money other) {
        return isGreaterThan(other) ? other : this;
    }

    /**
     * Returns the larger of two amounts in the same currency ({@code this} when equal).
     *
     * @param other the amount to compare with
     * @return the maximum
     * @throws MoneyException {@value MoneyException#CURRENCY_MISMATCH}
     */
    public Money max(Money other) {
        return isLessThan(other) ? other : this;
    }

    /**
     * Adds amounts exactly; the empty collection sums to zero. Only the total is range-checked, so
     * the result does not depend on the order of the elements.
     *
     * @param amounts  the amounts, none {@code null}, all in {@code currency}
     * @param currency the currency of the total (needed because the collection may be empty)
     * @return the total
     * @throws MoneyException {@value MoneyException#UNKNOWN_CURRENCY},
     *                        {@value MoneyException#CURRENCY_MISMATCH} or
     *                        {@value MoneyException#OUT_OF_RANGE}
     */
    public static Money sum(Collection<Money> amounts, String currency) {
        Money zero = zero(currency);
        amounts.forEach(zero::requireSameCurrency);
        return zero.exact(() -> amounts.stream().mapToLong(Money::minorUnits).reduce(0, Math::addExact));
    }

    /**
     * Takes a percentage of this amount: {@code this × p / 100}, computed exactly and rounded
     * HALF_EVEN once to the minor unit (USD 12.50 × 1.00 % = 0.125 → 0.12).
     *
     * @param p the percentage
     * @return the rounded share
     * @throws MoneyException {@value MoneyException#OUT_OF_RANGE} if the result exceeds the range
     */
    public Money times(Percent p) {
        return timesHundredthsOfPercent(p.hundredths());
    }

    /**
     * Multiplies by a whole number of units exactly (e.g. a unit price times a quantity).
     *
     * @param units the multiplier, may be negative
     * @return {@code this × units}
     * @throws MoneyException {@value MoneyException#OUT_OF_RANGE} if the result exceeds the range
     */
    public Money timesUnits(long units) {
        return exact(() -> Math.multiplyExact(minorUnits, units));
    }

    /**
     * Adds a markup: {@code this × (1 + markup / 100)}, computed exactly and rounded HALF_EVEN once.
     * On an exact tie this can differ by one minor unit from {@code plus(times(markup))}, because
     * HALF_EVEN looks at the parity of the whole result: USD 0.01 with 50.00 % is 0.015 → 0.02,
     * whereas 0.01 + (0.005 → 0.00) = 0.01.
     *
     * @param markup the markup percentage
     * @return the marked-up amount
     * @throws MoneyException {@value MoneyException#OUT_OF_RANGE} if the result exceeds the range
     */
    public Money withMarkup(Percent markup) {
        return timesHundredthsOfPercent(HUNDRED_PERCENT + markup.hundredths());
    }

    /**
     * Splits this amount by percentage stakes with the largest-remainder method.
     *
     * <p>Each part first gets {@code floor(|this| × stake / 100)}; the minor units left over (fewer
     * than the number of stakes) then go one each to the parts with the largest fractional
     * remainders, ties going to the lower index. For a negative amount the absolute value is split
     * and every part negated. Guarantees: the parts sum exactly to {@code this}; each part differs
     * from its exact proportional share by less than one minor unit; a 0.00 stake gets zero; the
     * result depends only on the inputs.
     *
     * @param stakes the stakes, non-empty, summing to exactly 100.00
     * @return an unmodifiable list of parts in stake order, all in this currency
     * @throws MoneyException {@value MoneyException#STAKES_NOT_100} if the stakes are empty or do not
     *                        sum to 100.00
     */
    public List<Money> allocate(List<Percent> stakes) {
        if (stakes.isEmpty() || stakes.stream().mapToLong(Percent::hundredths).sum() != HUNDRED_PERCENT) {
            throw new MoneyException(MoneyException.STAKES_NOT_100, "stakes must be non-empty and sum to 100.00");
        }
        long amount = Math.abs(minorUnits);
        // amount × stake can reach 1e19 and overflow a long, so split amount = q×10000 + r, giving
        // amount × stake / 10000 = q × stake + (r × stake) / 10000 with every term in range.
        long q = amount / HUNDRED_PERCENT;
        long r = amount % HUNDRED_PERCENT;
        int n = stakes.size();
        long[] parts = new long[n];
        long[] remainders = new long[n];
        long leftover = amount;
        for (int i = 0; i < n; i++) {
            long stake = stakes.get(i).hundredths();
            parts[i] = q * stake + r * stake / HUNDRED_PERCENT;
            remainders[i] = r * stake % HUNDRED_PERCENT;
            leftover -= parts[i];
        }
        // Index as tie-breaker makes the outcome independent of sort stability and replayable.
        IntStream.range(0, n).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> remainders[i]).reversed()
                        .thenComparing(Comparator.naturalOrder()))
                .limit(leftover)
                .forEach(i -> parts[i]++);
        long sign = minorUnits < 0 ? -1 : 1;
        return Arrays.stream(parts).mapToObj(part -> new Money(sign * part, currency)).toList();
    }

    /** Rounds {@code this × factor / 10000} HALF_EVEN; the product can exceed a long, hence BigInteger. */
    private Money timesHundredthsOfPercent(long factor) {
        // Scale 4 divides by 10000 exactly, so HALF_EVEN below is the only rounding step.
        BigDecimal exactResult = new BigDecimal(BigInteger.valueOf(minorUnits).multiply(BigInteger.valueOf(factor)), 4);
        return new Money(exactResult.setScale(0, RoundingMode.HALF_EVEN).longValueExact(), currency);
    }

    /** Builds a result in this currency, turning long overflow into the same error as a range breach. */
    private Money exact(LongSupplier operation) {
        long result;
        try {
            result = operation.getAsLong();
        } catch (ArithmeticException overflow) {
            throw outOfRange(currency, scale());
        }
        return new Money(result, currency);
    }

    private void requireSameCurrency(Money other) {
        Objects.requireNonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new MoneyException(MoneyException.CURRENCY_MISMATCH,
                    "cannot combine " + currency + " with " + other.currency);
        }
    }

    private static int fractionDigits(String currency) {
        if (currency == null) {
            throw new MoneyException(MoneyException.UNKNOWN_CURRENCY, "currency is missing");
        }
        Currency known;
        try {
            known = Currency.getInstance(currency);
        } catch (IllegalArgumentException notIso) {
            throw new MoneyException(MoneyException.UNKNOWN_CURRENCY, "unknown ISO 4217 currency: '" + currency + "'");
        }
        int digits = known.getDefaultFractionDigits();
        if (digits < 0) {
            throw new MoneyException(MoneyException.UNKNOWN_CURRENCY,
                    currency + " has no minor unit and cannot be used for amounts");
        }
        return digits;
    }

    private static MoneyException outOfRange(String currency, int scale) {
        String limit = BigDecimal.valueOf(MAX_MINOR_UNITS, scale).toPlainString();
        return new MoneyException(MoneyException.OUT_OF_RANGE,
                "amount must be between -" + limit + " and " + limit + " " + currency);
    }
}
