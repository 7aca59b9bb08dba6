package com.msoledger.api.entry;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.msoledger.api.money.Money;

/**
 * What a period's fee is computed from. Exactly the field its fee type needs is set:
 * PERCENT_OF_COLLECTIONS {@code collections}; PER_UNIT {@code units} (a positive whole number);
 * COST_PLUS {@code cost}; FIXED_MONTHLY none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeeBasis(Money collections, Long units, Money cost) {

    public static final FeeBasis NONE = new FeeBasis(null, null, null);

    @JsonIgnore
    public boolean isEmpty() {
        return collections == null && units == null && cost == null;
    }
}
