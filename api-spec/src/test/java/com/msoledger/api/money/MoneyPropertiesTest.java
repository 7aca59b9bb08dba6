package com.msoledger.api.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.msoledger.testing.Gen;
import com.msoledger.testing.Property;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link Money} and {@link Percent} checked on random samples with the in-house
 * {@link Property#forAll} harness. A failure names its seed; replay it with
 * {@code mvn test -Dtest=MoneyPropertiesTest -Dproperty.seed=<seed>}.
 */
class MoneyPropertiesTest {

    /** Samples per property that allocates or does BigDecimal work. */
    private static final int TRIES = 1_000;
    /** Samples per property that is plain long arithmetic or parsing; all 13 together take about a second. */
    private static final int CHEAP_TRIES = 10_000;

    private static final long MAX = Money.MAX_MINOR_UNITS;
    private static final BigInteger MAX_BIG = BigInteger.valueOf(MAX);

    /** Any valid amount; half the draws are small, where rounding and leftover distribution are dense. */
    private static final Function<RandomGenerator, Long> AMOUNTS =
            Gen.anyOf(Gen.longBetween(-MAX, MAX), Gen.longBetween(-100_000, 100_000));

    private static final Function<RandomGenerator, Long> TOP = Gen.longBetween(MAX - 1_000, MAX);

    /** Amounts within 1000 minor units of either limit, where wrapping bugs would show, or any amount. */
    private static final Function<RandomGenerator, Long> NEAR_LIMITS = Gen.anyOf(TOP, TOP.andThen(v -> -v), AMOUNTS);

    private static final Function<RandomGenerator, String> CURRENCIES = Gen.oneOf("USD", "JPY", "BHD");

    /** 1..12 stakes made by cutting 10000 hundredths at 0..11 random points; zero stakes included. */
    private static final Function<RandomGenerator, List<Percent>> STAKES =
            Gen.listOf(0, 11, Gen.longBetween(0, 10_000)).andThen(MoneyPropertiesTest::stakesBetweenCuts);

    private static final Function<RandomGenerator, Percent> PERCENTS =
            Gen.longBetween(0, Percent.MAX_HUNDREDTHS).andThen(Percent::new);

    private static final Function<RandomGenerator, Split> SPLITS = r -> new Split(AMOUNTS.apply(r), STAKES.apply(r));

    private static final Function<RandomGenerator, Long> ANY_UNITS = Gen.anyLong();

    private record Split(long minor, List<Percent> stakes) {
    }

    private record Priced(long minor, String currency) {
    }

    private record Scaled(long minor, Percent percent) {
    }

    private record Operands(long a, long b) {
    }

    @Test
    void allocationPartsAlwaysSumToTheWhole() {
        Property.forAll("allocation parts always sum to the whole", TRIES, SPLITS, s -> {
            Money whole = Money.ofMinor(s.minor(), "USD");
            List<Money> parts = whole.allocate(s.stakes());
            assertThat(parts).hasSameSizeAs(s.stakes()).allSatisfy(p -> assertThat(p.currency()).isEqualTo("USD"));
            assertThat(Money.sum(parts, "USD")).isEqualTo(whole);
        });
    }

    @Test
    void eachAllocatedPartIsWithinOneMinorUnitOfItsExactShare() {
        Property.forAll("each allocated part is within one minor unit of its exact share", TRIES, SPLITS, s -> {
            List<Money> parts = Money.ofMinor(s.minor(), "USD").allocate(s.stakes());
            for (int i = 0; i < s.stakes().size(); i++) {
                BigDecimal exactShare = BigDecimal.valueOf(s.minor())
                        .multiply(s.stakes().get(i).toBigDecimal()).movePointLeft(2);
                BigDecimal error = BigDecimal.valueOf(parts.get(i).minorUnits()).subtract(exactShare).abs();
                assertThat(error).isLessThan(BigDecimal.ONE);
            }
        });
    }

    @Test
    void allocationIsDeterministic() {
        Property.forAll("allocation is deterministic", TRIES, SPLITS, s -> {
            Money whole = Money.ofMinor(s.minor(), "USD");
            assertThat(whole.allocate(List.copyOf(s.stakes()))).isEqualTo(whole.allocate(s.stakes()));
        });
    }

    @Test
    void allocatingANegativeAmountMirrorsThePositiveOne() {
        Property.forAll("allocating a negative amount mirrors the positive one", TRIES, SPLITS, s -> {
            Money whole = Money.ofMinor(s.minor(), "USD");
            assertThat(whole.negate().allocate(s.stakes()))
                    .isEqualTo(whole.allocate(s.stakes()).stream().map(Money::negate).toList());
        });
    }

    @Test
    void parsingTheFormattedAmountGivesItBack() {
        Function<RandomGenerator, Priced> gen = r -> new Priced(AMOUNTS.apply(r), CURRENCIES.apply(r));
        Property.forAll("parsing the formatted amount gives it back", CHEAP_TRIES, gen, s -> {
            Money money = Money.ofMinor(s.minor(), s.currency());
            String text = money.toDecimalString();
            assertThat(Money.parse(text, s.currency())).isEqualTo(money);
            assertThat(new BigDecimal(text)).isEqualTo(BigDecimal.valueOf(s.minor(), money.scale()));
        });
    }

    @Test
    void percentageOfAnAmountEqualsTheBigDecimalHalfEvenReference() {
        Function<RandomGenerator, Scaled> gen = r -> new Scaled(AMOUNTS.apply(r), PERCENTS.apply(r));
        Property.forAll("percentage of an amount equals the BigDecimal HALF_EVEN reference", TRIES, gen, s -> {
            BigDecimal reference = BigDecimal.valueOf(s.minor()).multiply(s.percent().toBigDecimal())
                    .divide(BigDecimal.valueOf(100)).setScale(0, RoundingMode.HALF_EVEN);
            assertExactOrRefused(reference.toBigIntegerExact(),
                    () -> Money.ofMinor(s.minor(), "USD").times(s.percent()));
        });
    }

    @Test
    void markupEqualsTheBigDecimalHalfEvenReference() {
        Function<RandomGenerator, Scaled> gen = r -> new Scaled(AMOUNTS.apply(r), PERCENTS.apply(r));
        Property.forAll("markup equals the BigDecimal HALF_EVEN reference", TRIES, gen, s -> {
            BigDecimal factor = BigDecimal.ONE.add(s.percent().toBigDecimal().movePointLeft(2));
            BigDecimal reference = BigDecimal.valueOf(s.minor()).multiply(factor).setScale(0, RoundingMode.HALF_EVEN);
            assertExactOrRefused(reference.toBigIntegerExact(),
                    () -> Money.ofMinor(s.minor(), "USD").withMarkup(s.percent()));
        });
    }

    /** Random amounts almost never land on an exact half, so force ties: odd × 50.00 % always does. */
    @Test
    void exactTiesAlwaysRoundToTheEvenNeighbour() {
        Property.forAll("exact ties always round to the even neighbour", CHEAP_TRIES,
                Gen.longBetween(-MAX / 4, MAX / 4), k -> {
                    Money odd = Money.ofMinor(2 * k + 1, "USD");
                    Percent half = Percent.parse("50.00");
                    Money share = odd.times(half);
                    Money marked = odd.withMarkup(half);
                    assertThat(share.minorUnits() % 2).isZero();
                    assertThat(marked.minorUnits() % 2).isZero();
                    assertThat(Math.abs(2 * share.minorUnits() - odd.minorUnits())).isEqualTo(1);
                    assertThat(Math.abs(2 * marked.minorUnits() - 3 * odd.minorUnits())).isEqualTo(1);
                });
    }

    @Test
    void additionNeverWrapsSilently() {
        Function<RandomGenerator, Operands> gen = r -> new Operands(NEAR_LIMITS.apply(r), NEAR_LIMITS.apply(r));
        Property.forAll("addition never wraps silently", CHEAP_TRIES, gen, s -> {
            BigInteger exact = BigInteger.valueOf(s.a()).add(BigInteger.valueOf(s.b()));
            assertExactOrRefused(exact, () -> Money.ofMinor(s.a(), "USD").plus(Money.ofMinor(s.b(), "USD")));
        });
    }

    @Test
    void subtractionNeverWrapsSilently() {
        Function<RandomGenerator, Operands> gen = r -> new Operands(NEAR_LIMITS.apply(r), NEAR_LIMITS.apply(r));
        Property.forAll("subtraction never wraps silently", CHEAP_TRIES, gen, s -> {
            BigInteger exact = BigInteger.valueOf(s.a()).subtract(BigInteger.valueOf(s.b()));
            assertExactOrRefused(exact, () -> Money.ofMinor(s.a(), "USD").minus(Money.ofMinor(s.b(), "USD")));
        });
    }

    /** Units span every magnitude up to ±2^63, so products both fit, exceed the range and overflow a long. */
    @Test
    void multiplicationByUnitsNeverWrapsSilently() {
        Function<RandomGenerator, Operands> gen = r -> new Operands(NEAR_LIMITS.apply(r), ANY_UNITS.apply(r));
        Property.forAll("multiplication by units never wraps silently", CHEAP_TRIES, gen, s -> {
            BigInteger exact = BigInteger.valueOf(s.a()).multiply(BigInteger.valueOf(s.b()));
            assertExactOrRefused(exact, () -> Money.ofMinor(s.a(), "USD").timesUnits(s.b()));
        });
    }

    @Test
    void multiplicationBySmallUnitsIsExact() {
        Function<RandomGenerator, Integer> units = Gen.intBetween(-20, 20);
        Function<RandomGenerator, Operands> gen = r -> new Operands(AMOUNTS.apply(r), units.apply(r));
        Property.forAll("multiplication by small units is exact", CHEAP_TRIES, gen, s -> {
            BigInteger exact = BigInteger.valueOf(s.a()).multiply(BigInteger.valueOf(s.b()));
            assertExactOrRefused(exact, () -> Money.ofMinor(s.a(), "USD").timesUnits(s.b()));
        });
    }

    @Test
    void percentParsingTheFormattedValueGivesItBack() {
        Property.forAll("percent parsing the formatted value gives it back", CHEAP_TRIES, PERCENTS, percent -> {
            assertThat(Percent.parse(percent.toString())).isEqualTo(percent);
            assertThat(percent.toBigDecimal()).isEqualTo(new BigDecimal(percent.toString()));
        });
    }

    /** Turns cut points in 0..10000 hundredths into the stakes between consecutive cuts (sum 100.00). */
    private static List<Percent> stakesBetweenCuts(List<Long> cuts) {
        List<Long> points = new ArrayList<>(cuts);
        points.add(0L);
        points.add(10_000L);
        points.sort(null);
        List<Percent> result = new ArrayList<>();
        for (int i = 1; i < points.size(); i++) {
            result.add(new Percent(points.get(i) - points.get(i - 1)));
        }
        return result;
    }

    /** Either the exact result is in range and returned, or the operation is refused as out of range. */
    private static void assertExactOrRefused(BigInteger exact, Supplier<Money> operation) {
        if (exact.abs().compareTo(MAX_BIG) <= 0) {
            assertThat(operation.get().minorUnits()).isEqualTo(exact.longValueExact());
        } else {
            assertThatThrownBy(operation::get)
                    .isInstanceOfSatisfying(MoneyException.class,
                            e -> assertThat(e.reason()).isEqualTo(MoneyException.OUT_OF_RANGE));
        }
    }
}
