package com.msoledger.api.http;

import com.msoledger.api.entry.AssetTransferred;
import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.PaymentRecorded;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.entry.ProfitDistributed;
import com.msoledger.api.entry.RiskShareAccrued;
import com.msoledger.api.entry.ServiceFeeCharged;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An entry as the HTTP API shows it: what was posted, when it counts, when the ledger learned it,
 * and the facts that explain it ({@code details}, by type).
 *
 * @param position   the global position of the event that recorded it (for {@code minPosition})
 * @param reversedBy the reversal that undid it, when known to the reader (null otherwise)
 */
public record EntryResource(String entryId, EntryType type, AgreementId agreementId, Period period,
                            LocalDate effectiveDate, String currency, Money amount, List<Posting> postings,
                            Period correctsPeriod, Instant recordedAt, long position, String reversedBy,
                            Map<String, Object> details) {

    public static EntryResource of(EntryEvent event, Instant recordedAt, long position, String reversedBy) {
        Entry entry = event.entry();
        return new EntryResource(entry.entryId(), entry.type(), entry.agreementId(), entry.period(), entry.effectiveDate(),
                entry.amount().currency(), entry.amount(), entry.postings(), entry.correctsPeriod(), recordedAt, position,
                reversedBy, details(event));
    }

    /** The type-specific facts of an entry, in a stable order. */
    public static Map<String, Object> details(EntryEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (event instanceof ServiceFeeCharged fee) {
            details.put("serviceCode", fee.serviceCode());
            details.put("feeType", fee.term().feeType());
            details.put("termsVersion", fee.termsVersion());
            details.put("term", fee.term());
            details.put("basis", fee.basis());
        } else if (event instanceof RiskShareAccrued risk) {
            details.put("termsVersion", risk.termsVersion());
            details.put("practiceRevenue", risk.practiceRevenue());
            details.put("practiceExpenses", risk.practiceExpenses());
            details.put("netIncome", risk.netIncome());
            details.put("msoShare", risk.msoShare());
            details.put("computedShare", risk.computedShare());
            details.put("corridorCap", risk.corridorCap());
            details.put("corridorFloor", risk.corridorFloor());
            details.put("clamped", risk.clamped());
            details.put("owed", risk.owed());
        } else if (event instanceof ProfitDistributed distribution) {
            details.put("termsVersion", distribution.termsVersion());
            details.put("undistributedBefore", distribution.undistributedBefore());
            details.put("shares", distribution.shares());
        } else if (event instanceof AssetTransferred asset) {
            details.put("assetId", asset.assetId());
            details.put("description", asset.description());
            details.put("category", asset.category());
            details.put("fairMarketValue", asset.fairMarketValue());
            details.put("consideration", asset.consideration());
        } else if (event instanceof PaymentRecorded payment) {
            details.put("direction", payment.direction());
            details.put("reference", payment.reference());
        } else if (event instanceof EntryReversed reversal) {
            details.put("reversedEntryId", reversal.reversedEntryId());
            details.put("reversedType", reversal.reversedType());
            details.put("reason", reversal.reason());
        }
        return details;
    }
}
