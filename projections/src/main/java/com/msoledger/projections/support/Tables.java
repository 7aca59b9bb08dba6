package com.msoledger.projections.support;

/**
 * Which physical table a projection handler writes: the live one, or its {@code __shadow} twin
 * while a replay rebuilds the projection beside the live tables. The replay processor marks its
 * handler threads; everything else writes live.
 */
public final class Tables {

    public static final String SHADOW_SUFFIX = "__shadow";
    private static final ThreadLocal<Boolean> SHADOW = ThreadLocal.withInitial(() -> false);

    private Tables() {
    }

    /** The table to write for {@code base} on this thread. */
    public static String t(String base) {
        return SHADOW.get() ? base + SHADOW_SUFFIX : base;
    }

    /** Runs {@code work} with every {@link #t} answering the shadow tables. */
    public static <T> T inShadow(java.util.concurrent.Callable<T> work) throws Exception {
        boolean before = SHADOW.get();
        SHADOW.set(true);
        try {
            return work.call();
        } finally {
            SHADOW.set(before);
        }
    }
}
