package com.msoledger.ledger.it;

import com.msoledger.ledger.LedgerApplication;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestDatabases;
import com.msoledger.ledger.support.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** What the ledger recorded is still there after the service restarts, on either kind of database. */
class RestartTest {

    @Test
    void dataSurvivesARestartOnAnExternalDatabase() {
        TestDatabases.Database database = TestDatabases.create();
        String[] properties = {"ledger.db.url=" + database.url(), "ledger.db.user=" + database.user(),
                "ledger.db.password=" + database.password(), "ledger.security.jwt-secret=" + TestTokens.SECRET};
        assertSurvivesRestart(properties);
    }

    @Test
    void theEmbeddedDefaultKeepsItsDataAcrossRestartsAndStopsItsPostgres(@TempDir Path dataDir) {
        assumeFalse(TestDatabases.external(), "the embedded path is covered by the default test run");
        assertSurvivesRestart("ledger.db.url=", "ledger.db.data-dir=" + dataDir, "ledger.security.jwt-secret=" + TestTokens.SECRET);
        // a normal stop leaves no postmaster behind
        assertThat(Files.exists(dataDir.resolve("postgres/postmaster.pid"))).isFalse();
        assertThat(Files.exists(dataDir.resolve("postgres/PG_VERSION"))).isTrue();
    }

    @Test
    void refusesToStartOnAnExternalDatabaseWithoutARealIssuerOrSecret() {
        TestDatabases.Database database = TestDatabases.create();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start("ledger.db.url=" + database.url(),
                        "ledger.db.user=" + database.user(), "ledger.db.password=" + database.password(),
                        "ledger.security.jwt-secret="))
                .hasStackTraceContaining("LEDGER_JWT_ISSUER_URI");
    }

    private static void assertSurvivesRestart(String... properties) {
        String mso = Samples.unique("mso");
        String practice = Samples.unique("practice");
        String agreement = Samples.unique("msa");
        try (ConfigurableApplicationContext first = start(properties)) {
            Api api = new Api(port(first)).header("Authorization", TestTokens.bearer(TestTokens.everything()));
            assertThat(api.post("/api/v1/parties", Samples.mso(mso)).status()).isEqualTo(201);
            assertThat(api.post("/api/v1/parties", Samples.practice(practice)).status()).isEqualTo(201);
            Api.Response created = api.post("/api/v1/agreements", Samples.agreement(agreement, mso, practice));
            assertThat(created.status()).isEqualTo(201);
            assertThat(api.get("/api/v1/agreements/" + agreement + "?minPosition=" + created.position()).status()).isEqualTo(200);
        }
        try (ConfigurableApplicationContext second = start(properties)) {
            Api api = new Api(port(second)).header("Authorization", TestTokens.bearer(TestTokens.everything()));
            Api.Response read = api.get("/api/v1/agreements/" + agreement);
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.json().get("practiceId").asText()).isEqualTo(practice);
            assertThat(api.get("/api/v1/parties/" + mso).json().get("kind").asText()).isEqualTo("MSO");
            // the command side remembers too: the same agreement id cannot be established twice
            assertThat(api.post("/api/v1/agreements", Samples.agreement(agreement, mso, practice)).status()).isEqualTo(409);
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        // as command-line arguments: they outrank application.yml, as an operator's settings would
        String[] args = new String[properties.length + 1];
        for (int i = 0; i < properties.length; i++) {
            args[i] = "--" + properties[i];
        }
        args[properties.length] = "--server.port=0";
        return new SpringApplicationBuilder(LedgerApplication.class, com.msoledger.ledger.support.TestClockConfiguration.class).run(args);
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
