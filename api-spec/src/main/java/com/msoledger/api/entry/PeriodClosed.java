package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.time.Period;

/**
 * A period was closed. Guarantees: it had ended; every earlier period of the agreement was closed;
 * no entry dated in it is accepted from now on.
 */
public record PeriodClosed(AgreementId agreementId, Period period) {
}
