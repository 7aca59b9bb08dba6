package com.msoledger.api.agreement;

import com.msoledger.api.money.Money;

import java.util.Objects;

/**
 * The fair-market-value range an independent opinion gave for one service's annual fees.
 *
 * @param serviceCode a service of the fee schedule
 * @param annualMin   the lowest annual total considered fair market value
 * @param annualMax   the highest; {@code annualMin <= annualMax}
 */
public record FmvRange(String serviceCode, Money annualMin, Money annualMax) {

    public FmvRange {
        Objects.requireNonNull(serviceCode, "serviceCode");
        Objects.requireNonNull(annualMin, "annualMin");
        Objects.requireNonNull(annualMax, "annualMax");
    }
}
