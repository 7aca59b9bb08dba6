package com.msoledger.projections.support;

/** The paging rules every listing shares: page from 0, size 1 to {@link #MAX_SIZE}. */
public final class Paging {

    public static final int MAX_SIZE = 200;

    private Paging() {
    }

    /** @throws BadQuery naming {@code page} or {@code size} when out of range */
    public static void check(int page, int size) {
        if (page < 0) {
            throw new BadQuery("page", "must be zero or positive");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new BadQuery("size", "must be between 1 and " + MAX_SIZE);
        }
    }
}
