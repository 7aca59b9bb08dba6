package com.msoledger.ledger.compliance;

import com.msoledger.api.party.UsStates;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the compliance rules file: YAML with a {@code version} and a list of {@code rules}. Validation
 * is strict — an unknown key, check kind or action, a missing field, a state that is not a US state, a
 * duplicate id or a wrong parameter is an {@link InvalidRulesFile} naming the file and line — because a
 * typo in a rules file must stop the ledger, not silently switch a check off.
 */
public final class RulesFile {

    /** The rules shipped with the ledger. */
    public static final String STANDARD = "classpath:compliance/rules.yaml";

    static final int MAX_ID = 64;
    static final int MAX_CITATION = 500;
    static final int MAX_RATIONALE = 1000;
    static final int MAX_VERSION = 64;

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final List<String> TOP_KEYS = List.of("version", "rules");
    private static final List<String> RULE_KEYS = List.of("id", "states", "check", "action", "rationale", "citation",
            "parameters");
    private static final Set<String> OPTIONAL_RULE_KEYS = Set.of("parameters");

    private RulesFile() {
    }

    /** Rules as read from one file: immutable. */
    public record RuleBook(String source, String version, List<ComplianceRule> all) implements ComplianceRules {

        public RuleBook {
            all = List.copyOf(all);
        }
    }

    /** The rules shipped with the ledger ({@value #STANDARD}). */
    public static RuleBook standard() {
        return load(STANDARD);
    }

    /**
     * @param location {@code classpath:<resource>}, or a path in the file system
     * @throws InvalidRulesFile when it cannot be read or is not a valid rules file
     */
    public static RuleBook load(String location) {
        if (location == null || location.isBlank()) {
            throw new InvalidRulesFile("(none)", "no location given; set ledger.compliance.rules (LEDGER_COMPLIANCE_RULES)", null);
        }
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
            InputStream in = RulesFile.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new InvalidRulesFile(location, "no such classpath resource", null);
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return parse(location, reader);
            } catch (IOException e) {
                throw new InvalidRulesFile(location, e.getMessage(), e);
            }
        }
        Path path = Path.of(location.startsWith("file:") ? location.substring("file:".length()) : location);
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return parse(path.toString(), reader);
        } catch (IOException e) {
            throw new InvalidRulesFile(path.toString(), "no readable file there (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** Parses rules from text, for tests and for {@link #load}. */
    public static RuleBook parse(String source, String text) {
        return parse(source, new StringReader(text));
    }

    static RuleBook parse(String source, Reader reader) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new InvalidRulesFile(source, mark == null ? 1 : mark.getLine() + 1, "not valid YAML: " + problem);
        } catch (YAMLException e) {
            throw new InvalidRulesFile(source, "not valid YAML: " + e.getMessage(), e);
        }
        return new Reading(source).book(root);
    }

    /** One pass over the document, failing on the first problem with its line. */
    private record Reading(String source) {

        RuleBook book(Node root) {
            if (root == null) {
                throw new InvalidRulesFile(source, 1, "the file is empty; it needs a version and a list of rules");
            }
            Map<String, NodeTuple> top = mapping(root, "the file", TOP_KEYS, Set.of());
            String version = text(top.get("version").getValueNode(), "version", MAX_VERSION);
            Node rulesNode = top.get("rules").getValueNode();
            if (!(rulesNode instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
                throw fail(rulesNode, "rules must be a non-empty list of rules");
            }
            List<ComplianceRule> rules = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (Node ruleNode : sequence.getValue()) {
                ComplianceRule rule = rule(ruleNode);
                if (!ids.add(rule.id())) {
                    throw fail(ruleNode, "rule id '" + rule.id() + "' is used twice");
                }
                rules.add(rule);
            }
            return new RuleBook(source, version, rules);
        }

        private ComplianceRule rule(Node node) {
            Map<String, NodeTuple> fields = mapping(node, "a rule", RULE_KEYS, OPTIONAL_RULE_KEYS);
            Node idNode = fields.get("id").getValueNode();
            String id = text(idNode, "id", MAX_ID);
            if (!ID.matcher(id).matches()) {
                throw fail(idNode, "id '" + id + "' must be lower-case letters, digits and '-', starting with a letter or digit");
            }
            List<String> states = states(fields.get("states").getValueNode(), id);
            CheckKind check = constant(fields.get("check").getValueNode(), CheckKind.class, "check", id);
            Node actionNode = fields.get("action").getValueNode();
            RuleAction action = constant(actionNode, RuleAction.class, "action", id);
            if (!check.actions().contains(action)) {
                throw fail(actionNode, "rule '" + id + "': a " + check + " check can only " + check.actions()
                        + ", not " + action);
            }
            String rationale = text(fields.get("rationale").getValueNode(), "rationale", MAX_RATIONALE);
            String citation = text(fields.get("citation").getValueNode(), "citation", MAX_CITATION);
            Map<String, Integer> parameters = parameters(fields.get("parameters"), node, check, id);
            return new ComplianceRule(id, states, check, action, rationale, citation, parameters);
        }

        private List<String> states(Node node, String id) {
            if (!(node instanceof SequenceNode sequence) || sequence.getValue().isEmpty()) {
                throw fail(node, "rule '" + id + "': states must be a non-empty list such as [NY, FL] or ['*']");
            }
            List<String> states = new ArrayList<>();
            for (Node stateNode : sequence.getValue()) {
                String state = text(stateNode, "states", 10);
                if (!state.equals(ComplianceRule.ALL_STATES) && !UsStates.isValid(state)) {
                    throw fail(stateNode, "rule '" + id + "': '" + state + "' is not a two-letter US state code (or '*')");
                }
                if (states.contains(state)) {
                    throw fail(stateNode, "rule '" + id + "': state " + state + " is listed twice");
                }
                states.add(state);
            }
            if (states.contains(ComplianceRule.ALL_STATES) && states.size() > 1) {
                throw fail(node, "rule '" + id + "': '*' already means every state; list it alone");
            }
            return states;
        }

        private Map<String, Integer> parameters(NodeTuple tuple, Node ruleNode, CheckKind check, String id) {
            Map<String, Integer> values = new LinkedHashMap<>();
            Map<String, NodeTuple> given = Map.of();
            if (tuple != null) {
                given = mapping(tuple.getValueNode(), "parameters of rule '" + id + "'",
                        List.copyOf(check.parameters().keySet()), Set.of());
            } else if (!check.parameters().isEmpty()) {
                throw fail(ruleNode, "rule '" + id + "': a " + check + " check needs parameters "
                        + check.parameters().keySet());
            }
            for (Map.Entry<String, NodeTuple> entry : given.entrySet()) {
                Node valueNode = entry.getValue().getValueNode();
                String raw = text(valueNode, entry.getKey(), 10);
                int value;
                try {
                    value = Integer.parseInt(raw);
                } catch (NumberFormatException e) {
                    value = -1;
                }
                if (value < 1 || value > 120) {
                    throw fail(valueNode, "rule '" + id + "': " + entry.getKey() + " must be "
                            + check.parameters().get(entry.getKey()) + ", not '" + raw + "'");
                }
                values.put(entry.getKey(), value);
            }
            return values;
        }

        /**
         * A mapping with only the allowed keys, each once, and every key present that is not optional.
         * With no allowed keys at all, any key is unknown.
         */
        private Map<String, NodeTuple> mapping(Node node, String what, List<String> allowed, Set<String> optional) {
            if (!(node instanceof MappingNode mapping)) {
                throw fail(node, what + " must be a mapping of " + String.join(", ", allowed));
            }
            Map<String, NodeTuple> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : null;
                if (key == null || !allowed.contains(key)) {
                    throw fail(keyNode, "unknown key " + (key == null ? "(not a plain key)" : "'" + key + "'") + " in "
                            + what + (allowed.isEmpty() ? "; it takes none" : "; expected " + String.join(", ", allowed)));
                }
                if (fields.put(key, tuple) != null) {
                    throw fail(keyNode, "key '" + key + "' appears twice in " + what);
                }
            }
            for (String key : allowed) {
                if (!fields.containsKey(key) && !optional.contains(key)) {
                    throw fail(node, what + " lacks '" + key + "'");
                }
            }
            return fields;
        }

        private String text(Node node, String field, int maxLength) {
            if (!(node instanceof ScalarNode scalar)) {
                throw fail(node, field + " must be a single value");
            }
            String value = scalar.getValue() == null ? "" : scalar.getValue().strip();
            if (value.isEmpty()) {
                throw fail(node, field + " must not be empty");
            }
            if (value.length() > maxLength) {
                throw fail(node, field + " must be at most " + maxLength + " characters");
            }
            return value;
        }

        private <E extends Enum<E>> E constant(Node node, Class<E> type, String field, String id) {
            String value = text(node, field, 64);
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(value)) {
                    return constant;
                }
            }
            throw fail(node, "rule '" + id + "': unknown " + field + " '" + value + "'; expected one of "
                    + Arrays.toString(type.getEnumConstants()));
        }

        private InvalidRulesFile fail(Node node, String problem) {
            return new InvalidRulesFile(source, node == null ? 1 : node.getStartMark().getLine() + 1, problem);
        }
    }
}
