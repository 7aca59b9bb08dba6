package com.msoledger.api.agreement;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.PartyId;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Establish a management services agreement between a registered MSO and a registered practice.
 *
 * <p>Refused when the id is taken; when either party is unknown or of the wrong kind; when the
 * currency is not ISO 4217 or any amount is in another currency; when the state is not a US state;
 * when {@code effectiveTo} is not after {@code effectiveFrom}; when the terms are inconsistent (see
 * {@link AgreementTerms}).
 *
 * @param effectiveFrom       the first day the agreement governs; the first day of a month
 * @param effectiveTo         the last day of its initial term, or null when open-ended
 * @param fmvOpinionReference the reference of the independent FMV opinion on file, or null
 */
public record EstablishAgreement(AgreementId agreementId, PartyId msoId, PartyId practiceId, String currency,
                                 String state, LocalDate effectiveFrom, LocalDate effectiveTo,
                                 String fmvOpinionReference, AgreementTerms terms) {

    public EstablishAgreement {
        Objects.requireNonNull(agreementId, "agreementId");
    }
}
