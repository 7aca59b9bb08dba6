package com.msoledger.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.LongStream;

/**
 * Small generators for {@link Property#forAll}. A generator is a plain
 * {@code Function<RandomGenerator, T>}; derive new ones with {@code andThen(...)} or a lambda, e.g.
 * {@code r -> new Case(amounts.apply(r), stakes.apply(r))}. Numeric generators return a boundary value
 * of their range (min, max, 0, ±1, min + 1, max - 1, where in range) with probability
 * {@value #EDGE_PROBABILITY}, because that is where overflow and rounding bugs live.
 */
public final class Gen {

    /** Chance that a numeric generator returns a boundary value instead of a uniform one. */
    public static final double EDGE_PROBABILITY = 0.1;

    private Gen() {
    }

    /** Uniform {@code long} in {@code [min, max]} (both inclusive), biased towards boundary values. */
    public static Function<RandomGenerator, Long> longBetween(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        long[] edges = edges(min, max);
        return r -> {
            if (r.nextDouble() < EDGE_PROBABILITY) {
                return edges[r.nextInt(edges.length)];
            }
            if (max < Long.MAX_VALUE) {
                return r.nextLong(min, max + 1);
            }
            return min > Long.MIN_VALUE ? r.nextLong(min - 1, max) + 1 : r.nextLong();
        };
    }

    /** Uniform {@code int} in {@code [min, max]} (both inclusive), biased towards boundary values. */
    public static Function<RandomGenerator, Integer> intBetween(int min, int max) {
        return longBetween(min, max).andThen(Long::intValue);
    }

    /**
     * Any {@code long}, with log-uniform magnitude so that small, medium and huge values are all common
     * (a uniform draw is almost always near ±2<sup>63</sup>); boundary values as for {@link #longBetween}.
     */
    public static Function<RandomGenerator, Long> anyLong() {
        long[] edges = edges(Long.MIN_VALUE, Long.MAX_VALUE);
        return r -> r.nextDouble() < EDGE_PROBABILITY ? edges[r.nextInt(edges.length)] : r.nextLong() >> r.nextInt(64);
    }

    /** One of the given values, uniformly. */
    @SafeVarargs
    public static <T> Function<RandomGenerator, T> oneOf(T... values) {
        List<T> choices = List.of(values);
        return r -> choices.get(r.nextInt(choices.size()));
    }

    /** A sample of one of the given generators, chosen uniformly: the union of their samples. */
    @SafeVarargs
    public static <T> Function<RandomGenerator, T> anyOf(Function<RandomGenerator, ? extends T>... generators) {
        List<Function<RandomGenerator, ? extends T>> choices = List.of(generators);
        return r -> choices.get(r.nextInt(choices.size())).apply(r);
    }

    /** A mutable list of {@code minSize..maxSize} elements; the sizes are biased like {@link #intBetween}. */
    public static <T> Function<RandomGenerator, List<T>> listOf(
            int minSize, int maxSize, Function<RandomGenerator, ? extends T> element) {
        Function<RandomGenerator, Integer> size = intBetween(Math.max(0, minSize), maxSize);
        return r -> {
            int n = size.apply(r);
            List<T> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(element.apply(r));
            }
            return list;
        };
    }

    private static long[] edges(long min, long max) {
        return LongStream.of(min, max, 0, 1, -1, min + 1, max - 1)
                .filter(e -> min <= e && e <= max).distinct().toArray();
    }
}
