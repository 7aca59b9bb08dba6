package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.time.Period;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Close an accounting period: afterwards no entry may be dated in it.
 *
 * <p>Refused when the period has not ended yet, when an earlier period of the agreement is still open
 * (periods close in order), or when it precedes the agreement. Closing a closed period again is
 * answered with the original closing.
 */
public record ClosePeriod(AgreementId agreementId, Period period) {

    @TargetAggregateIdentifier
    public String targetStream() {
        return agreementId.streamId();
    }
}
