package com.msoledger.testing;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * A minimal property runner: feeds random samples to a check and reports the first failure together
 * with everything needed to replay it. No shrinking; keep generators small and samples readable.
 *
 * <p>Every run draws from one {@link SplittableRandom} seeded with {@value #SEED_PROPERTY} if that
 * system property is set, else with a fresh random seed. The same seed always yields the same samples
 * in the same order, so a failure reported as "seed 42, sample 17" recurs with
 * {@code mvn test -Dproperty.seed=42 -Dtest=TheTest}.
 */
public final class Property {

    /** System property that fixes the seed of every {@link #forAll} run. */
    public static final String SEED_PROPERTY = "property.seed";

    private Property() {
    }

    /**
     * Checks {@code property} against {@code tries} samples from {@code generator}.
     *
     * @param name      what is claimed, shown in the failure message
     * @param tries     how many samples to check, {@code >= 1}
     * @param generator makes one sample from the random source; must use no other randomness
     * @param property  the check; it fails by throwing (an AssertJ assertion, an exception, ...)
     * @param <T>       sample type; its {@code toString()} is reported, so records work well
     * @throws AssertionError on the first failing sample, naming the property, seed, sample index and
     *                        sample, with the original failure as cause
     */
    public static <T> void forAll(
            String name, int tries, Function<RandomGenerator, T> generator, Consumer<T> property) {
        if (tries < 1) {
            throw new IllegalArgumentException("tries must be >= 1: " + tries);
        }
        long seed = seed();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < tries; i++) {
            T sample = null;
            try {
                sample = generator.apply(random);
                property.accept(sample);
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError("Property '" + name + "' failed at sample index " + i + " of " + tries
                        + " (seed " + seed + "; replay with -D" + SEED_PROPERTY + "=" + seed + ")\n  sample: "
                        + (sample == null ? "<generator failed>" : sample) + "\n  cause: " + e, e);
            }
        }
    }

    /** The seed from {@value #SEED_PROPERTY}, or a fresh random one. */
    static long seed() {
        String fixed = System.getProperty(SEED_PROPERTY);
        if (fixed == null || fixed.isBlank()) {
            return new SplittableRandom().nextLong();
        }
        try {
            return Long.parseLong(fixed.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SEED_PROPERTY + " must be a long: '" + fixed + "'", e);
        }
    }
}
