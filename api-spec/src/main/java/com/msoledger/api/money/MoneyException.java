package com.msoledger.api.money;

/**
 * Thrown when a money or percentage value, or an operation on one, is invalid.
 *
 * <p>Extends {@link IllegalArgumentException} so callers that only care about "bad input" need no
 * special handling, while {@link #reason()} gives HTTP and event layers a stable, machine-friendly
 * code to map onto error responses. The message is for humans and may change; the reason may not.
 */
public final class MoneyException extends IllegalArgumentException {

    /** Text does not have the required shape (signs, digits, separators, signed zero). */
    public static final String MALFORMED = "malformed";
    /** Text has a different number of fraction digits than the currency (or percentage) requires. */
    public static final String WRONG_SCALE = "wrong_scale";
    /** Currency is missing, not ISO 4217, or has no defined minor unit (XXX, XAU, ...). */
    public static final String UNKNOWN_CURRENCY = "unknown_currency";
    /** Value or result lies outside the supported range. */
    public static final String OUT_OF_RANGE = "out_of_range";
    /** Two amounts in different currencies were combined. */
    public static final String CURRENCY_MISMATCH = "currency_mismatch";
    /** Allocation stakes are empty or do not add up to exactly 100.00. */
    public static final String STAKES_NOT_100 = "stakes_not_100";

    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * Creates an exception.
     *
     * @param reason  stable machine-friendly code, normally one of the constants of this class
     * @param message human-readable explanation
     */
    public MoneyException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /**
     * Returns the stable machine-friendly code of this failure.
     *
     * @return the reason code, e.g. {@value #WRONG_SCALE}
     */
    public String reason() {
        return reason;
    }
}
