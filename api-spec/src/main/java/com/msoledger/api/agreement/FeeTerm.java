package com.msoledger.api.agreement;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The price of one service under an agreement. Exactly the fields of its {@link FeeType} are set:
 * FIXED_MONTHLY {@code amount}; PERCENT_OF_COLLECTIONS {@code rate}; PER_UNIT {@code unitPrice} and
 * optionally {@code unitName}; COST_PLUS {@code markup}. The rest are null.
 *
 * @param serviceCode upper-case code naming the service within the agreement, e.g. {@code BILLING}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FeeTerm(String serviceCode, FeeType feeType, Money amount, Percent rate, Money unitPrice,
                      String unitName, Percent markup) {

    private static final Pattern SERVICE_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

    public FeeTerm {
        if (serviceCode == null || !SERVICE_CODE.matcher(serviceCode).matches()) {
            throw new IllegalArgumentException("serviceCode must be 1-32 upper-case letters, digits or '_', starting with a letter");
        }
        Objects.requireNonNull(feeType, "feeType");
    }

    public static FeeTerm fixedMonthly(String serviceCode, Money amount) {
        return new FeeTerm(serviceCode, FeeType.FIXED_MONTHLY, amount, null, null, null, null);
    }

    public static FeeTerm percentOfCollections(String serviceCode, Percent rate) {
        return new FeeTerm(serviceCode, FeeType.PERCENT_OF_COLLECTIONS, null, rate, null, null, null);
    }

    public static FeeTerm perUnit(String serviceCode, Money unitPrice, String unitName) {
        return new FeeTerm(serviceCode, FeeType.PER_UNIT, null, null, unitPrice, unitName, null);
    }

    public static FeeTerm costPlus(String serviceCode, Percent markup) {
        return new FeeTerm(serviceCode, FeeType.COST_PLUS, null, null, null, null, markup);
    }
}
