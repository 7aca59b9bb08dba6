package com.msoledger.api.entry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.money.Money;
import com.msoledger.api.time.Period;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The double-entry part every financial event carries. Guarantees, checked on construction: the
 * postings balance (debits equal credits, per currency); every posting is in the entry's currency;
 * {@code amount} equals the total debited (zero only for an entry with no postings, such as a risk
 * share of exactly nothing).
 *
 * @param entryId        client-chosen id, unique within the agreement
 * @param period         the month the entry concerns (service period of a fee, results period of an accrual)
 * @param effectiveDate  the accounting date: it lies in an open period and within the agreement's term
 * @param correctsPeriod a closed period this entry corrects, or null
 * @param requestHash    SHA-256 of the request that created it, so a retry can be told from a conflict
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Entry(String entryId, EntryType type, AgreementId agreementId, Period period, LocalDate effectiveDate,
                    Money amount, List<Posting> postings, Period correctsPeriod, String requestHash) {

    public Entry {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        Objects.requireNonNull(amount, "amount");
        postings = List.copyOf(postings);
        requireBalanced(postings, amount);
    }

    /** Debits equal credits per currency, every posting in the entry's currency, and amount = total debits. */
    private static void requireBalanced(List<Posting> postings, Money amount) {
        Map<String, Long> net = new HashMap<>();
        long debits = 0;
        for (Posting posting : postings) {
            if (!posting.amount().currency().equals(amount.currency())) {
                throw new IllegalArgumentException("posting to " + posting.account() + " is not in " + amount.currency());
            }
            net.merge(posting.amount().currency(), posting.signedMinorUnits(), Math::addExact);
            if (posting.side() == Side.DEBIT) {
                debits = Math.addExact(debits, posting.amount().minorUnits());
            }
        }
        if (net.values().stream().anyMatch(v -> v != 0)) {
            throw new IllegalArgumentException("postings do not balance: " + net);
        }
        if (debits != amount.minorUnits()) {
            throw new IllegalArgumentException("amount " + amount.toDecimalString() + " is not the total debited");
        }
    }
}
