package com.msoledger.api.entry;

import com.msoledger.api.money.Money;

/**
 * An asset moved to the MSO at fair market value: Dr fixed_assets, Cr cash or practice_payable.
 * Guarantees: the asset id had not moved under this agreement before (or that move was reversed).
 */
public record AssetTransferred(Entry entry, String assetId, String description, AssetCategory category,
                               Money fairMarketValue, Consideration consideration) implements EntryEvent {
}
