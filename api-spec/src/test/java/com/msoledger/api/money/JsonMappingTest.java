package com.msoledger.api.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.junit.jupiter.api.Test;

class JsonMappingTest {

    private final ObjectMapper mapper = new ObjectMapper();

    /** Stand-in for an event or request body that embeds both types. */
    record FeeCharged(Money base, Percent rate) {
    }

    @Test
    void percentIsTheTwoDecimalString() throws Exception {
        assertThat(mapper.writeValueAsString(Percent.parse("6.00"))).isEqualTo("\"6.00\"");
        assertThat(mapper.readValue("\"6.00\"", Percent.class)).isEqualTo(new Percent(600));
    }

    @Test
    void moneyIsAPlainObjectOfMinorUnitsAndCurrency() throws Exception {
        Money money = Money.parse("1250.00", "USD");
        assertThat(mapper.writeValueAsString(money)).isEqualTo("{\"minorUnits\":125000,\"currency\":\"USD\"}");
        assertThat(mapper.readValue("{\"minorUnits\":125000,\"currency\":\"USD\"}", Money.class)).isEqualTo(money);
    }

    @Test
    void embeddedValuesRoundTrip() throws Exception {
        FeeCharged event = new FeeCharged(Money.parse("200000.00", "USD"), Percent.parse("6.00"));
        String json = mapper.writeValueAsString(event);
        assertThat(json).isEqualTo("{\"base\":{\"minorUnits\":20000000,\"currency\":\"USD\"},\"rate\":\"6.00\"}");
        assertThat(mapper.readValue(json, FeeCharged.class)).isEqualTo(event);
    }

    @Test
    void invalidValuesAreRefusedOnTheWayIn() {
        assertThatThrownBy(() -> mapper.readValue("\"6.0\"", Percent.class))
                .isInstanceOf(ValueInstantiationException.class)
                .cause().isInstanceOfSatisfying(MoneyException.class,
                        e -> assertThat(e.reason()).isEqualTo(MoneyException.WRONG_SCALE));
        assertThatThrownBy(() -> mapper.readValue("{\"minorUnits\":1,\"currency\":\"XXX\"}", Money.class))
                .isInstanceOf(ValueInstantiationException.class)
                .cause().isInstanceOfSatisfying(MoneyException.class,
                        e -> assertThat(e.reason()).isEqualTo(MoneyException.UNKNOWN_CURRENCY));
    }
}
