package com.msoledger.api.entry;

/**
 * An event that records one entry: its balanced postings are in {@link #entry()}, the facts that
 * explain them in the event's other fields.
 */
public sealed interface EntryEvent permits ServiceFeeCharged, RiskShareAccrued, ProfitDistributed, AssetTransferred,
        PaymentRecorded, EntryReversed {

    Entry entry();
}
