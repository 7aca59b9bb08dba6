package com.msoledger.api.agreement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.msoledger.api.party.Owner;

import java.util.List;
import java.util.Optional;

/**
 * The economic terms of an agreement, set in advance for every period they govern.
 *
 * @param feeSchedule          one term per service; service codes unique; at least one
 * @param riskSharing          the risk-sharing terms, or null when the MSO shares no risk
 * @param distributionSchedule owners of distributable profit and their stakes (summing to 100.00),
 *                             or empty when the agreement distributes nothing
 * @param fmvRanges            FMV opinion ranges, at most one per listed service
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgreementTerms(List<FeeTerm> feeSchedule, RiskSharingTerms riskSharing, List<Owner> distributionSchedule,
                             List<FmvRange> fmvRanges) {

    public AgreementTerms {
        feeSchedule = feeSchedule == null ? List.of() : List.copyOf(feeSchedule);
        distributionSchedule = distributionSchedule == null ? List.of() : List.copyOf(distributionSchedule);
        fmvRanges = fmvRanges == null ? List.of() : List.copyOf(fmvRanges);
    }

    /** The term of a listed service. */
    public Optional<FeeTerm> feeTerm(String serviceCode) {
        return feeSchedule.stream().filter(t -> t.serviceCode().equals(serviceCode)).findFirst();
    }

    /** The FMV range given for a listed service. */
    public Optional<FmvRange> fmvRange(String serviceCode) {
        return fmvRanges.stream().filter(r -> r.serviceCode().equals(serviceCode)).findFirst();
    }
}
