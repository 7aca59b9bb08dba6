package com.msoledger.ledger.agreement;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.msoledger.api.time.Period;

/**
 * What an entry holds exclusively until it is reversed: no second entry may take the same claim.
 * A FIXED_MONTHLY fee holds its service and period, a risk-share accrual its period, an asset
 * transfer its asset.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "claim")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Claim.FixedFee.class, name = "fixed-fee"),
        @JsonSubTypes.Type(value = Claim.Accrual.class, name = "accrual"),
        @JsonSubTypes.Type(value = Claim.Asset.class, name = "asset")})
sealed interface Claim {

    /** A fixed monthly fee is charged once per service and period. */
    record FixedFee(String serviceCode, Period period) implements Claim {
    }

    /** The risk share of a period is accrued once. */
    record Accrual(Period period) implements Claim {
    }

    /** An asset moves once under an agreement. */
    record Asset(String assetId) implements Claim {
    }
}
