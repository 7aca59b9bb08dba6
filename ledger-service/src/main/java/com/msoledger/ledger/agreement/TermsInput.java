package com.msoledger.ledger.agreement;

import com.msoledger.api.agreement.AgreementTerms;
import com.msoledger.api.agreement.FeeTerm;
import com.msoledger.api.agreement.FeeType;
import com.msoledger.api.agreement.FmvRange;
import com.msoledger.api.agreement.RiskSharingTerms;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.ledger.web.RequestFields;
import com.msoledger.ledger.web.OwnerInput;

import java.util.ArrayList;
import java.util.List;

/**
 * Terms as a request carries them: amounts and percentages as decimal strings, parsed in the
 * agreement's currency. Shape errors are 400s here; consistency rules are the aggregate's (422).
 */
record TermsInput(List<FeeTermInput> feeSchedule, RiskSharingInput riskSharing, List<OwnerInput> distributionSchedule,
                  List<FmvRangeInput> fmvRanges) {

    record FeeTermInput(String serviceCode, String feeType, String amount, String rate, String unitPrice,
                        String unitName, String markup) {
    }

    record RiskSharingInput(String msoShare, String corridorCap, String corridorFloor) {
    }

    record FmvRangeInput(String serviceCode, String annualMin, String annualMax) {
    }

    static AgreementTerms parse(TermsInput input, String currency, RequestFields in, String field) {
        if (input == null) {
            in.fail(field, "is required");
            return null;
        }
        List<FeeTerm> fees = new ArrayList<>();
        List<FeeTermInput> feeInputs = in.list(input.feeSchedule(), field + ".feeSchedule", TermsRules.MAX_SERVICES, true);
        for (int i = 0; i < feeInputs.size(); i++) {
            FeeTermInput fee = feeInputs.get(i);
            if (fee == null) {
                continue;
            }
            String at = field + ".feeSchedule[" + i + "]";
            String code = in.serviceCode(fee.serviceCode(), at + ".serviceCode");
            FeeType type = in.enumValue(fee.feeType(), FeeType.class, at + ".feeType", true);
            Money amount = in.money(fee.amount(), currency, at + ".amount");
            Percent rate = in.percent(fee.rate(), at + ".rate");
            Money unitPrice = in.money(fee.unitPrice(), currency, at + ".unitPrice");
            String unitName = in.text(fee.unitName(), at + ".unitName", TermsRules.MAX_UNIT_NAME, false);
            Percent markup = in.percent(fee.markup(), at + ".markup");
            if (code != null && type != null) {
                try {
                    fees.add(new FeeTerm(code, type, amount, rate, unitPrice, unitName, markup));
                } catch (IllegalArgumentException e) {
                    in.fail(at + ".serviceCode", e.getMessage());
                }
            }
        }
        RiskSharingTerms risk = null;
        if (input.riskSharing() != null) {
            String at = field + ".riskSharing";
            RiskSharingInput r = input.riskSharing();
            Percent share = in.required(in.percent(r.msoShare(), at + ".msoShare"), at + ".msoShare");
            Money cap = in.required(in.money(r.corridorCap(), currency, at + ".corridorCap"), at + ".corridorCap");
            Money floor = in.required(in.money(r.corridorFloor(), currency, at + ".corridorFloor"), at + ".corridorFloor");
            if (share != null && cap != null && floor != null) {
                risk = new RiskSharingTerms(share, cap, floor);
            }
        }
        var owners = OwnerInput.toOwners(input.distributionSchedule(), in, field + ".distributionSchedule", false);
        List<FmvRange> ranges = new ArrayList<>();
        List<FmvRangeInput> rangeInputs = in.list(input.fmvRanges(), field + ".fmvRanges", TermsRules.MAX_SERVICES, false);
        for (int i = 0; i < rangeInputs.size(); i++) {
            FmvRangeInput range = rangeInputs.get(i);
            if (range == null) {
                continue;
            }
            String at = field + ".fmvRanges[" + i + "]";
            String code = in.serviceCode(range.serviceCode(), at + ".serviceCode");
            Money min = in.required(in.money(range.annualMin(), currency, at + ".annualMin"), at + ".annualMin");
            Money max = in.required(in.money(range.annualMax(), currency, at + ".annualMax"), at + ".annualMax");
            if (code != null && min != null && max != null) {
                ranges.add(new FmvRange(code, min, max));
            }
        }
        return new AgreementTerms(fees, risk, owners, ranges);
    }
}
