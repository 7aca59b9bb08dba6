package com.msoledger.ledger.it;

import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Health and metrics, as an operator and Prometheus see them. */
class OperationsTest extends IntegrationTest {

    @Test
    void healthIsUpWithTheDatabase() {
        Api.Response health = api.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);
    }

    @Test
    void prometheusShowsAxonHttpAndPoolMetrics() {
        establishWorkedExample();
        Api.Response metrics = api.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        String body = metrics.raw().body();
        assertThat(body).contains("commandBus_", "eventProcessor_", "eventStore_");
        assertThat(body).contains("payloadType=\"EstablishAgreement\"");
        assertThat(body).contains("http_server_requests_seconds_bucket", "hikaricp_connections_active");
        assertThat(body).contains("ledger_command_seconds_bucket{", "command=\"EstablishAgreement\"",
                "ledger_commands_total{", "outcome=\"ok\"");
    }
}
