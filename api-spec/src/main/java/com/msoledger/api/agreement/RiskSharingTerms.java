package com.msoledger.api.agreement;

import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;

import java.util.Objects;

/**
 * The MSO's part in the practice's financial result for a period.
 *
 * @param msoShare      the MSO's share of the practice's period net income (or loss), 0.00-100.00
 * @param corridorCap   the most the MSO accrues on a gain (zero or positive; zero means the MSO takes no upside)
 * @param corridorFloor the most the MSO owes on a loss (zero or positive; zero means the MSO bears no downside)
 */
public record RiskSharingTerms(Percent msoShare, Money corridorCap, Money corridorFloor) {

    public RiskSharingTerms {
        Objects.requireNonNull(msoShare, "msoShare");
        Objects.requireNonNull(corridorCap, "corridorCap");
        Objects.requireNonNull(corridorFloor, "corridorFloor");
    }
}
