package com.msoledger.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The harness itself: it must be able to fail, say how to replay, and replay faithfully. */
class PropertyHarnessTest {

    private static final Pattern REPORTED_SEED = Pattern.compile("seed (-?\\d+)");

    private String savedSeed;

    @BeforeEach
    void clearSeed() {
        savedSeed = System.getProperty(Property.SEED_PROPERTY);
        System.clearProperty(Property.SEED_PROPERTY);
    }

    @AfterEach
    void restoreSeed() {
        if (savedSeed == null) {
            System.clearProperty(Property.SEED_PROPERTY);
        } else {
            System.setProperty(Property.SEED_PROPERTY, savedSeed);
        }
    }

    @Test
    void aFalsePropertyFailsWithNameSeedIndexSampleAndCause() {
        AssertionError error = catchThrowableOfType(AssertionError.class,
                () -> Property.forAll("every long is below 500", 1_000, Gen.longBetween(0, 1_000),
                        x -> assertThat(x).isLessThan(500L)));

        assertThat(error).isNotNull();
        assertThat(error.getMessage())
                .contains("every long is below 500")
                .containsPattern("seed -?\\d+")
                .contains("-Dproperty.seed=")
                .containsPattern("sample index \\d+ of 1000")
                .containsPattern("sample: \\d+");
        assertThat(error.getCause()).isInstanceOf(AssertionError.class).hasMessageContaining("500");
    }

    @Test
    void anExceptionInThePropertyIsReportedLikeAFailedAssertion() {
        assertThatThrownBy(() -> Property.forAll("parsing never throws", 10, Gen.oneOf("x"), Long::parseLong))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("parsing never throws")
                .hasMessageContaining("sample index 0 of 10")
                .hasMessageContaining("sample: x")
                .hasCauseInstanceOf(NumberFormatException.class);
    }

    @Test
    void aTruePropertyPassesAndChecksEverySample() {
        List<Long> seen = new ArrayList<>();
        Property.forAll("every long in range is in range", 500, Gen.longBetween(-3, 3), x -> {
            seen.add(x);
            assertThat(x).isBetween(-3L, 3L);
        });
        assertThat(seen).hasSize(500).contains(-3L, -1L, 0L, 1L, 3L);
    }

    @Test
    void aFixedSeedReproducesTheSameSamples() {
        System.setProperty(Property.SEED_PROPERTY, "42");
        assertThat(samples(Gen.listOf(0, 5, Gen.anyLong()))).isEqualTo(samples(Gen.listOf(0, 5, Gen.anyLong())));

        List<List<Long>> withSeed42 = samples(Gen.listOf(0, 5, Gen.anyLong()));
        System.setProperty(Property.SEED_PROPERTY, "43");
        assertThat(samples(Gen.listOf(0, 5, Gen.anyLong()))).isNotEqualTo(withSeed42);
    }

    @Test
    void theReportedSeedReplaysTheSameFailure() {
        Runnable failing = () -> Property.forAll("no multiple of 13", 1_000, Gen.longBetween(1, 1_000_000),
                x -> assertThat(x % 13).isNotZero());
        String first = catchThrowableOfType(AssertionError.class, failing::run).getMessage();
        Matcher seed = REPORTED_SEED.matcher(first);
        assertThat(seed.find()).isTrue();

        System.setProperty(Property.SEED_PROPERTY, seed.group(1));
        assertThat(catchThrowableOfType(AssertionError.class, failing::run)).hasMessage(first);
    }

    @Test
    void numericGeneratorsStayInRangeAndHitTheBoundaries() {
        System.setProperty(Property.SEED_PROPERTY, "7");
        List<Long> longs = new ArrayList<>();
        Property.forAll("longBetween stays in range", 2_000, Gen.longBetween(-1_000_000, 1_000_000), longs::add);
        assertThat(longs).allSatisfy(x -> assertThat(x).isBetween(-1_000_000L, 1_000_000L))
                .contains(-1_000_000L, -999_999L, -1L, 0L, 1L, 999_999L, 1_000_000L);

        List<Long> any = new ArrayList<>();
        Property.forAll("anyLong spans all magnitudes", 2_000, Gen.anyLong(), any::add);
        assertThat(any).contains(Long.MIN_VALUE, Long.MAX_VALUE, 0L)
                .anySatisfy(x -> assertThat(Math.abs(x)).isBetween(2L, 1_000L))
                .anySatisfy(x -> assertThat(Math.abs(x)).isGreaterThan(1L << 60));

        List<Integer> ints = new ArrayList<>();
        Property.forAll("intBetween covers a small range", 2_000, Gen.intBetween(-20, 20), ints::add);
        assertThat(ints).allSatisfy(x -> assertThat(x).isBetween(-20, 20)).hasSize(2_000)
                .containsAll(IntStream.rangeClosed(-20, 20).boxed().toList());
    }

    @Test
    void listsRespectTheirSizeBounds() {
        List<Integer> sizes = new ArrayList<>();
        Property.forAll("listOf respects its size bounds", 1_000, Gen.listOf(2, 6, Gen.oneOf('a', 'b')),
                list -> sizes.add(list.size()));
        assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(2, 6)).contains(2, 3, 4, 5, 6);
    }

    private static <T> List<T> samples(Function<RandomGenerator, T> generator) {
        List<T> seen = new ArrayList<>();
        Property.forAll("collect samples", 200, generator, seen::add);
        return seen;
    }
}
