package com.msoledger.projections.support;

/**
 * Which physical tables a projection handler writes: the live ones, or their {@link #SHADOW} twins that
 * a replay rebuilds beside them. Each handler instance is given its value when it is made (the Spring
 * bean writes live, the replay makes its own instances with {@link ProjectionDefinition#writingTo}), so
 * no state outside the instance decides where its SQL goes.
 *
 * @param suffix appended to every table name; lower-case letters and underscores only, as it ends up in SQL
 */
public record Tables(String suffix) {

    public static final Tables LIVE = new Tables("");
    public static final Tables SHADOW = new Tables("__shadow");

    public Tables {
        if (!suffix.matches("[a-z_]*")) {
            throw new IllegalArgumentException("a table suffix has lower-case letters and underscores only: " + suffix);
        }
    }

    /** The table this instance writes for {@code base}. */
    public String of(String base) {
        return base + suffix;
    }

    public boolean live() {
        return suffix.isEmpty();
    }
}
