package com.msoledger.api.agreement;

/**
 * How a service's fee is computed from the agreement's terms and a period's basis.
 * Rounding of every computed fee is HALF_EVEN to the currency's minor unit.
 */
public enum FeeType {
    /** A fixed {@code amount} per month; charged at most once per service and period; no basis. */
    FIXED_MONTHLY,
    /** {@code rate} × the period's net collections ({@code basis.collections}). */
    PERCENT_OF_COLLECTIONS,
    /** {@code unitPrice} × a positive whole number of units ({@code basis.units}). */
    PER_UNIT,
    /** The MSO's cost ({@code basis.cost}) × (1 + {@code markup}). */
    COST_PLUS
}
