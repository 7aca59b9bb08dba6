package com.msoledger.api.ids;

import java.util.regex.Pattern;

/**
 * The one rule every client-chosen identifier follows, so ids are safe in URLs, logs, SQL and
 * aggregate stream names alike: 1 to 64 characters, letters, digits, {@code . _ : -}, starting with
 * a letter or digit.
 */
public final class Identifiers {

    /** The longest identifier accepted; also the column width in every table that stores one. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    private Identifiers() {
    }

    /** True when {@code value} is a well-formed identifier. */
    public static boolean isValid(String value) {
        return value != null && VALID.matcher(value).matches();
    }

    /**
     * Returns {@code value} when it is well formed.
     *
     * @throws IllegalArgumentException naming {@code what} when it is not
     */
    public static String require(String value, String what) {
        if (!isValid(value)) {
            throw new IllegalArgumentException(what + " must be 1-64 characters of letters, digits, '.', '_', ':' or '-',"
                    + " starting with a letter or digit");
        }
        return value;
    }
}
