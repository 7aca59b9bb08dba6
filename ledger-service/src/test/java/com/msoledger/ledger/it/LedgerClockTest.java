package com.msoledger.ledger.it;

import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestClock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service keeps the suite's time, not the machine's: whatever the operating system's clock says
 * (CI also runs the suite with the Clock bean 400 days ahead of it), an event is dated by the Clock
 * bean, everywhere it is written down.
 */
class LedgerClockTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void eventsAreDatedByTheLedgerClockInTheResponseTheStoreAndTheMetadata() {
        Instant now = TestClock.INSTANCE.advance(Duration.ofMillis(3));
        String mso = Samples.unique("mso");
        Api.Response registered = require(api.post("/api/v1/parties", Samples.mso(mso)), 201);

        assertThat(Instant.parse(registered.json().get("registeredAt").asText())).isEqualTo(now);
        var stored = jdbc.sql("select time_stamp, meta_data from domain_event_entry where aggregate_identifier = ?")
                .param("party:" + mso)
                .query((rs, n) -> new String[]{rs.getString(1), new String(rs.getBytes(2), StandardCharsets.UTF_8)})
                .single();
        assertThat(Instant.parse(stored[0])).isEqualTo(now);
        assertThat(stored[1]).contains("\"recordedAt\":\"" + stored[0] + "\"");
    }

    @Test
    void periodsEndByTheLedgerClock() {
        String agreement = establishWorkedExample();
        // the month before the clock's has ended; the clock's own month has not, whatever the machine says
        require(api.post("/api/v1/agreements/" + agreement + "/periods/{P-1}/close", ""), 200);
        Api.Response current = api.post("/api/v1/agreements/" + agreement + "/periods/{P0}/close", "");
        assertThat(current.status()).isEqualTo(422);
        assertThat(current.json().get("type").asText()).endsWith("/period-not-ended");
    }
}
