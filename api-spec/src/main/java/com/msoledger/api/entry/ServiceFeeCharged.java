package com.msoledger.api.entry;

import com.msoledger.api.agreement.FeeTerm;

/**
 * A service fee was charged: Dr practice_receivable, Cr mso_fee_revenue. Carries everything needed to
 * recompute the fee by hand: the term and its version, and the basis. Guarantees: the fee is positive
 * and equals the term applied to the basis, rounded HALF_EVEN to the currency's minor unit.
 */
public record ServiceFeeCharged(Entry entry, String serviceCode, int termsVersion, FeeTerm term, FeeBasis basis)
        implements EntryEvent {
}
