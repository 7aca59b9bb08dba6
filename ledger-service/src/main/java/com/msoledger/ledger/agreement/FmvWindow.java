package com.msoledger.ledger.agreement;

import com.msoledger.api.entry.ServiceFeeCharged;
import com.msoledger.api.time.Period;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the FMV check needs of each service's charges: the first and the latest period it was ever
 * charged for, and the charges of its last 12 charged periods until reversed. Older charges are
 * dropped: they can no longer count towards an annual total, which keeps this (and the snapshots)
 * small however long the agreement runs.
 */
final class FmvWindow {

    /** The first and the latest period a service was charged for. */
    record ChargedPeriods(Period first, Period latest) {
    }

    /** A fee charge as the FMV check counts it. */
    record RecentCharge(String serviceCode, Period period, long minorUnits) {
    }

    private final Map<String, ChargedPeriods> chargedPeriods = new HashMap<>();
    private final Map<String, RecentCharge> recentCharges = new HashMap<>();

    void charged(ServiceFeeCharged event) {
        String service = event.serviceCode();
        Period period = event.entry().period();
        ChargedPeriods before = chargedPeriods.get(service);
        ChargedPeriods after = before == null ? new ChargedPeriods(period, period)
                : new ChargedPeriods(period.isBefore(before.first()) ? period : before.first(),
                period.isAfter(before.latest()) ? period : before.latest());
        chargedPeriods.put(service, after);
        YearMonth windowStart = after.latest().month().minusMonths(11);
        if (!period.month().isBefore(windowStart)) {
            recentCharges.put(event.entry().entryId(), new RecentCharge(service, period, event.entry().amount().minorUnits()));
        }
        recentCharges.values().removeIf(c -> c.serviceCode().equals(service) && c.period().month().isBefore(windowStart));
    }

    void reversed(String entryId) {
        recentCharges.remove(entryId);
    }

    /** The service of a fee charge still counted, if the entry is one. */
    Optional<String> serviceOf(String entryId) {
        return Optional.ofNullable(recentCharges.get(entryId)).map(RecentCharge::serviceCode);
    }

    /**
     * A service's fees over the periods counted: from the first charged (or, once there are more than
     * 12, from 11 before the latest) to the latest charged, both included; periods without charges
     * count as zero.
     */
    Optional<ComplianceChecks.Annualised> annualised(String service) {
        ChargedPeriods charged = chargedPeriods.get(service);
        if (charged == null) {
            return Optional.empty();
        }
        YearMonth to = charged.latest().month();
        YearMonth from = charged.first().month().isAfter(to.minusMonths(11)) ? charged.first().month() : to.minusMonths(11);
        long total = 0;
        for (RecentCharge charge : recentCharges.values()) {
            if (charge.serviceCode().equals(service) && !charge.period().month().isBefore(from)) {
                total += charge.minorUnits();
            }
        }
        int periods = (int) ChronoUnit.MONTHS.between(from, to) + 1;
        return Optional.of(new ComplianceChecks.Annualised(new Period(from), charged.latest(), periods, total));
    }
}
