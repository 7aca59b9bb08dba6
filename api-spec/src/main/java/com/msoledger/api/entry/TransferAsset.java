package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;

import java.time.LocalDate;

/**
 * The MSO takes over a non-clinical asset of the practice at fair market value.
 *
 * <p>Refused when the asset id already moved under this agreement (unless that transfer was
 * reversed), when the value is not positive, and by every rule common to entries.
 *
 * @param description what the asset is, 1-200 characters (no patient information)
 */
public record TransferAsset(AgreementId agreementId, String transferId, String assetId, String description,
                            AssetCategory category, Money fairMarketValue, LocalDate effectiveDate,
                            Consideration consideration) implements EntryCommand {

    @Override
    public String entryId() {
        return transferId;
    }

    @Override
    public String idField() {
        return "transferId";
    }
}
