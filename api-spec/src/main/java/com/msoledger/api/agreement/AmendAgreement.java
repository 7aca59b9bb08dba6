package com.msoledger.api.agreement;

import com.msoledger.api.ids.AgreementId;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Replace an agreement's terms from a future period on. Past and current periods keep the terms
 * they were charged under.
 *
 * <p>Refused when the agreement is unknown; when {@code effectiveFrom} is not the first day of a month
 * strictly after today and after the latest version's start, or lies after the agreement's end
 * (its termination date or the end of its initial term); when the terms are
 * inconsistent. A repeat of the same {@code amendmentId} with the same content is answered with the
 * original amendment; with other content it is a conflict.
 *
 * @param amendmentId         client-chosen id, unique within the agreement
 * @param fmvOpinionReference a new FMV opinion reference, or null to keep the current one
 */
public record AmendAgreement(AgreementId agreementId, String amendmentId, LocalDate effectiveFrom,
                             String fmvOpinionReference, AgreementTerms terms) {

    public AmendAgreement {
        Objects.requireNonNull(agreementId, "agreementId");
    }

    @org.axonframework.modelling.command.TargetAggregateIdentifier
    public String targetStream() {
        return agreementId.streamId();
    }
}
