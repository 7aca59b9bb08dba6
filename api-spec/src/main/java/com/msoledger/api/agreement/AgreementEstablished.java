package com.msoledger.api.agreement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;

import java.time.LocalDate;

/**
 * An agreement was established. Guarantees: both parties existed with the right kinds; every amount
 * of the terms is in {@code currency}; the terms were consistent; they are terms version 1, in force
 * from {@code effectiveFrom}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgreementEstablished(AgreementId agreementId, PartyId msoId, PartyId practiceId, String currency,
                                   String state, LocalDate effectiveFrom, LocalDate effectiveTo,
                                   String fmvOpinionReference, AgreementTerms terms) {
}
