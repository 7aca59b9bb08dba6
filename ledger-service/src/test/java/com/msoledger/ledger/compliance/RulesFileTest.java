package com.msoledger.ledger.compliance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules file: the shipped one loads, and every kind of mistake is refused with its line. */
class RulesFileTest {

    private static final String VALID_RULE = """
              - id: fmv-range
                states: ["*"]
                check: FMV_RANGE
                action: FLAG
                rationale: Fees outside the FMV range need review.
                citation: 42 C.F.R. § 1001.952(d)(1)
            """;

    @Test
    void loadsTheShippedRules() {
        RulesFile.RuleBook rules = RulesFile.standard();

        assertThat(rules.version()).isNotBlank();
        assertThat(rules.all()).extracting(ComplianceRule::id).containsExactly("ny-percentage-fee", "fl-percentage-fee",
                "il-percentage-fee", "ca-percentage-fee-without-fmv-opinion", "fmv-range", "terms-set-in-advance",
                "minimum-term");
        assertThat(rules.all()).allSatisfy(rule -> {
            assertThat(rule.citation()).isNotBlank();
            assertThat(rule.rationale()).isNotBlank();
        });
        ComplianceRule ny = rules.all().get(0);
        assertThat(ny.states()).containsExactly("NY");
        assertThat(ny.check()).isEqualTo(CheckKind.PERCENTAGE_FEE);
        assertThat(ny.action()).isEqualTo(RuleAction.REFUSE);
        assertThat(ny.citation()).isEqualTo("N.Y. Educ. Law § 6530(19)");
        assertThat(rules.applicable(CheckKind.PERCENTAGE_FEE, "FL")).extracting(ComplianceRule::id)
                .containsExactly("fl-percentage-fee");
        assertThat(rules.applicable(CheckKind.FMV_RANGE, "WY")).extracting(ComplianceRule::id).containsExactly("fmv-range");
        assertThat(rules.applicable(CheckKind.MINIMUM_TERM, "CA").get(0).parameter("minimumMonths")).isEqualTo(12);
    }

    @Test
    void loadsAFileFromTheFileSystem(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "version: 7\nrules:\n" + VALID_RULE);

        RulesFile.RuleBook rules = RulesFile.load(file.toString());

        assertThat(rules.version()).isEqualTo("7");
        assertThat(rules.source()).isEqualTo(file.toString());
        assertThat(rules.all()).extracting(ComplianceRule::id).containsExactly("fmv-range");
    }

    @Test
    void refusesAFileThatIsNotThere(@TempDir Path dir) {
        String missing = dir.resolve("nope.yaml").toString();
        assertThatThrownBy(() -> RulesFile.load(missing))
                .isInstanceOf(InvalidRulesFile.class)
                .hasMessageContaining(missing).hasMessageContaining("no readable file");
    }

    @Test
    void refusesAnUnknownKeyNamingItsLine() {
        assertInvalid("""
                version: 1
                rules:
                  - id: ny-percentage-fee
                    states: [NY]
                    check: PERCENTAGE_FEE
                    acton: REFUSE
                    rationale: r
                    citation: c
                """, 6, "unknown key 'acton' in a rule");
    }

    @Test
    void refusesAnUnknownTopLevelKey() {
        assertInvalid("version: 1\nrule:\n" + VALID_RULE, 2, "unknown key 'rule' in the file");
    }

    @Test
    void refusesARuleWithoutACitation() {
        assertInvalid("""
                version: 1
                rules:
                  - id: fmv-range
                    states: ["*"]
                    check: FMV_RANGE
                    action: FLAG
                    rationale: r
                """, 3, "a rule lacks 'citation'");
    }

    @Test
    void refusesAnEmptyCitation() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE.replace("citation: 42 C.F.R. § 1001.952(d)(1)", "citation: \"\""), 8,
                "citation must not be empty");
    }

    @Test
    void refusesAnUnknownCheckKind() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE.replace("check: FMV_RANGE", "check: FEE_SPLITTING"), 5,
                "unknown check 'FEE_SPLITTING'; expected one of [PERCENTAGE_FEE, PERCENTAGE_FEE_WITHOUT_FMV_OPINION, "
                        + "FMV_RANGE, TERMS_SET_IN_ADVANCE, MINIMUM_TERM]");
    }

    @Test
    void refusesAnUnknownAction() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE.replace("action: FLAG", "action: WARN"), 6,
                "unknown action 'WARN'; expected one of [REFUSE, FLAG]");
    }

    @Test
    void refusesAnActionTheCheckCannotTake() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE.replace("action: FLAG", "action: REFUSE"), 6,
                "a FMV_RANGE check can only [FLAG], not REFUSE");
    }

    @Test
    void refusesAStateThatIsNotAUsState() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE.replace("states: [\"*\"]", "states: [NY, XX]"), 4,
                "'XX' is not a two-letter US state code");
    }

    @Test
    void refusesStatesGivenAsASingleValue() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE.replace("states: [\"*\"]", "states: NY"), 4,
                "states must be a non-empty list");
    }

    @Test
    void refusesEveryStateTogetherWithNamedStates() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE.replace("states: [\"*\"]", "states: [\"*\", CA]"), 4,
                "'*' already means every state");
    }

    @Test
    void refusesTheSameIdTwice() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE + VALID_RULE, 9, "rule id 'fmv-range' is used twice");
    }

    @Test
    void refusesAnIdThatIsNotASlug() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE.replace("id: fmv-range", "id: FMV Range"), 3,
                "id 'FMV Range' must be lower-case letters");
    }

    @Test
    void refusesAMinimumTermWithoutItsParameter() {
        assertInvalid("""
                version: 1
                rules:
                  - id: minimum-term
                    states: ["*"]
                    check: MINIMUM_TERM
                    action: FLAG
                    rationale: r
                    citation: c
                """, 3, "a MINIMUM_TERM check needs parameters [minimumMonths]");
    }

    @Test
    void refusesAParameterThatIsNotAWholeNumberOfMonths() {
        assertInvalid("""
                version: 1
                rules:
                  - id: minimum-term
                    states: ["*"]
                    check: MINIMUM_TERM
                    action: FLAG
                    rationale: r
                    citation: c
                    parameters:
                      minimumMonths: twelve
                """, 10, "minimumMonths must be a whole number of months from 1 to 120, not 'twelve'");
    }

    @Test
    void refusesAParameterTheCheckDoesNotTake() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE + "    parameters:\n      tolerance: 5\n", 10,
                "unknown key 'tolerance' in parameters of rule 'fmv-range'; it takes none");
    }

    @Test
    void refusesYamlThatDoesNotParse() {
        assertInvalid("""
                version: 1
                rules:
                  - id: fmv-range
                    states: ["*"
                    check: FMV_RANGE
                """, 5, "not valid YAML");
    }

    @Test
    void refusesADuplicateKey() {
        assertInvalid("version: 1\nrules:\n" + VALID_RULE.replace("action: FLAG", "action: FLAG\n    action: FLAG"), 7,
                "key 'action' appears twice in a rule");
    }

    @Test
    void refusesAnEmptyFile() {
        assertInvalid("# nothing here\n", 1, "the file is empty");
    }

    @Test
    void refusesAnEmptyListOfRules() {
        assertInvalid("version: 1\nrules: []\n", 2, "rules must be a non-empty list");
    }

    @Test
    void refusesAFileWithoutAVersion() {
        assertInvalid("rules:\n" + VALID_RULE, 1, "the file lacks 'version'");
    }

    @Test
    void keepsTheRulesInFileOrder() {
        RulesFile.RuleBook rules = RulesFile.parse("test.yaml", "version: 1\nrules:\n" + VALID_RULE
                + VALID_RULE.replace("id: fmv-range", "id: fmv-range-2"));
        assertThat(rules.all()).extracting(ComplianceRule::id).isEqualTo(List.of("fmv-range", "fmv-range-2"));
    }

    private static void assertInvalid(String yaml, int line, String problem) {
        assertThatThrownBy(() -> RulesFile.parse("rules-under-test.yaml", yaml))
                .isInstanceOf(InvalidRulesFile.class)
                .hasMessageStartingWith("Compliance rules file rules-under-test.yaml is invalid at line " + line + ": ")
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(((InvalidRulesFile) e).line()).isEqualTo(line));
    }
}
