package com.msoledger.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.msoledger.api.money.Money;

import java.io.IOException;

/**
 * How the HTTP API writes money: a decimal string with exactly the currency's digits
 * ({@code "1250.00"}), the currency stated once beside it by the enclosing resource. Registered on
 * the web ObjectMapper only; stored events keep {@code {minorUnits, currency}}.
 */
public class MoneyJsonModule extends SimpleModule {

    public MoneyJsonModule() {
        super("mso-ledger-money");
        addSerializer(Money.class, new StdSerializer<>(Money.class) {
            @Override
            public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toDecimalString());
            }
        });
    }
}
