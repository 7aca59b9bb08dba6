package com.msoledger.api.entry;

/** What kind of financial fact an entry records. */
public enum EntryType {
    SERVICE_FEE,
    RISK_SHARE,
    DISTRIBUTION,
    ASSET_TRANSFER,
    PAYMENT,
    REVERSAL
}
