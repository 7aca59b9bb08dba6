package com.msoledger.api.entry;

import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;

/** One owner's part of a distribution. */
public record OwnerShare(String ownerId, String name, Percent stake, Money amount) {
}
