package com.msoledger.ledger.it;

import com.msoledger.ledger.LedgerApplication;
import com.msoledger.ledger.compliance.InvalidRulesFile;
import com.msoledger.ledger.support.Api;
import com.msoledger.ledger.support.Samples;
import com.msoledger.ledger.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The rules file is chosen by configuration, and a malformed one stops the ledger before it serves anything. */
class ComplianceRulesStartupTest {

    private static final TestDatabases.Database DATABASE = TestDatabases.create();

    @Test
    void aMalformedRulesFileStopsStartUpNamingTheFileAndLine(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                version: "2"
                rules:
                  - id: ny-percentage-fee
                    states: [NY]
                    check: PERCENTAGE_FEE
                    action: DENY
                    rationale: fee-splitting
                    citation: N.Y. Educ. Law § 6530(19)
                """);

        Throwable failure = catchThrowable(() -> start(rules).close());

        assertThat(failure).isNotNull();
        Throwable cause = failure;
        while (!(cause instanceof InvalidRulesFile) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertThat(cause).isInstanceOf(InvalidRulesFile.class)
                .hasMessage("Compliance rules file " + rules + " is invalid at line 6: rule 'ny-percentage-fee': "
                        + "unknown action 'DENY'; expected one of [REFUSE, FLAG]");
    }

    @Test
    void aReplacementRulesFileIsTheOneApplied(@TempDir Path dir) throws IOException {
        // without the shipped NY rule, a NY percentage fee is no longer refused
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, """
                version: "counsel-2027-01"
                rules:
                  - id: fmv-range
                    states: ["*"]
                    check: FMV_RANGE
                    action: FLAG
                    rationale: fees outside the FMV range need review
                    citation: 42 C.F.R. § 1001.952(d)(1)
                """);
        try (ConfigurableApplicationContext context = start(rules)) {
            Api api = new Api(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")))
                    .header("Authorization", com.msoledger.ledger.support.TestTokens.bearer(com.msoledger.ledger.support.TestTokens.everything()));
            String mso = Samples.unique("mso");
            String practice = Samples.unique("practice");
            assertThat(api.post("/api/v1/parties", Samples.mso(mso)).status()).isEqualTo(201);
            assertThat(api.post("/api/v1/parties", Samples.practice(practice)).status()).isEqualTo(201);
            Api.Response created = api.post("/api/v1/agreements", Samples.agreement(
                    Samples.unique("msa"), mso, practice, "USD", "NY", "{P-1:01}",
                    Samples.workedExampleTerms()));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
        }
    }

    private static ConfigurableApplicationContext start(Path rules) {
        return new SpringApplicationBuilder(LedgerApplication.class, com.msoledger.ledger.support.TestClockConfiguration.class).run(
                "--ledger.db.url=" + DATABASE.url(), "--ledger.db.user=" + DATABASE.user(),
                "--ledger.db.password=" + DATABASE.password(), "--server.port=0",
                "--ledger.security.jwt-secret=" + com.msoledger.ledger.support.TestTokens.SECRET,
                "--ledger.compliance.rules=" + rules);
    }
}
