package com.msoledger.api.entry;

import com.msoledger.api.money.Money;

import java.util.List;

/**
 * Profit was distributed: Dr distributable_profit, Cr distributions_payable:&lt;owner&gt; per owner.
 * Guarantees: the shares sum exactly to the amount (largest remainder, ties to the earlier owner);
 * the amount did not exceed {@code undistributedBefore}.
 */
public record ProfitDistributed(Entry entry, int termsVersion, Money undistributedBefore, List<OwnerShare> shares)
        implements EntryEvent {

    public ProfitDistributed {
        shares = List.copyOf(shares);
    }
}
