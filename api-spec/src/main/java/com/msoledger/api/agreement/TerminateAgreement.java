package com.msoledger.api.agreement;

import com.msoledger.api.ids.AgreementId;

import java.time.LocalDate;
import java.util.Objects;

/**
 * End an agreement: nothing may be recorded with an effective date after {@code effectiveTo}.
 *
 * <p>Refused when the agreement is unknown or already terminated with another date or reason; when
 * {@code effectiveTo} lies before today or before the agreement's start. Repeating the same
 * termination is answered with the original.
 *
 * @param effectiveTo the last day the agreement governs
 * @param reason      why it ends, 1-500 characters (never patient information)
 */
public record TerminateAgreement(AgreementId agreementId, LocalDate effectiveTo, String reason) {

    public TerminateAgreement {
        Objects.requireNonNull(agreementId, "agreementId");
    }

    @org.axonframework.modelling.command.TargetAggregateIdentifier
    public String targetStream() {
        return agreementId.streamId();
    }
}
