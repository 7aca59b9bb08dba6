package com.msoledger.ledger.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code api-spec/openapi.yaml} as a checker of real responses: finds the operation of a request by
 * method and path template, the response by status (else {@code default}), and checks the content
 * type, the body against the schema (JSON Schema 2020-12, {@code $ref}s resolved inside the document)
 * and the documented response headers. Every answer is a list of drift, empty when the response is
 * exactly what the contract says.
 */
final class OpenApiContract {

    /** Where the document is registered with the validator; never fetched. */
    private static final String DOCUMENT = "https://mso-ledger.dev/api-spec/openapi.json";
    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{[^/}]+}");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One operation of the spec. */
    record Operation(String method, String path, String operationId, JsonNode node, Pattern pattern, int literals) {

        String key() {
            return method.toUpperCase(Locale.ROOT) + " " + path;
        }

        /** The roles of its {@code x-roles}. */
        List<String> roles() {
            List<String> roles = new ArrayList<>();
            node.path("x-roles").forEach(r -> roles.add(r.asText()));
            return roles;
        }
    }

    private final JsonNode spec;
    private final List<Operation> operations = new ArrayList<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode spec) {
        this.spec = spec;
        spec.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                operations.add(new Operation(op.getKey(), path.getKey(), op.getValue().path("operationId").asText(null),
                        op.getValue(), templatePattern(path.getKey()), literalSegments(path.getKey())));
            }
        }));
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(spec);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
                .metaSchema(OpenApi31.getInstance())
                .defaultMetaSchemaIri(OpenApi31.getInstance().getIri())
                .schemaLoaders(loaders -> loaders.schemas(Map.of(DOCUMENT, json))));
        config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
    }

    /** Reads the spec from the classpath, where the api-spec jar ships it. */
    static OpenApiContract load() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream("api-spec/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("api-spec/openapi.yaml is not on the classpath");
            }
            return new OpenApiContract(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read api-spec/openapi.yaml", e);
        }
    }

    List<Operation> operations() {
        return List.copyOf(operations);
    }

    /** The operation serving this method and path (no query), the most specific template first. */
    Optional<Operation> find(String method, String path) {
        return operations.stream()
                .filter(op -> op.method().equalsIgnoreCase(method) && op.pattern().matcher(path).matches())
                .max(Comparator.comparingInt(Operation::literals));
    }

    /** Whether the spec has an operation for this method on this path template (variable names ignored). */
    boolean hasOperation(String method, String template) {
        String shape = shape(template);
        return operations.stream().anyMatch(op -> op.method().equalsIgnoreCase(method) && shape(op.path()).equals(shape));
    }

    static String shape(String template) {
        return TEMPLATE_VARIABLE.matcher(template).replaceAll("{}");
    }

    /**
     * Everything about the response that the spec contradicts.
     *
     * @param operation the operation the request was sent to
     * @param response  the real response
     */
    List<String> check(Operation operation, HttpResponse<String> response) {
        List<String> drift = new ArrayList<>();
        String status = Integer.toString(response.statusCode());
        JsonNode responses = operation.node().path("responses");
        String pointer = "/paths/" + escape(operation.path()) + "/" + operation.method() + "/responses/";
        JsonNode documented = responses.get(status);
        if (documented == null) {
            documented = responses.get("default");
            pointer += "default";
        } else {
            pointer += status;
        }
        if (documented == null) {
            drift.add("status " + status + " is not documented");
            return drift;
        }
        if (documented.has("$ref")) {
            pointer = documented.get("$ref").asText().substring(1);
            documented = resolve(documented.get("$ref").asText());
        }
        checkHeaders(pointer, documented.path("headers"), response, drift);

        String body = response.body();
        JsonNode content = documented.path("content");
        if (body == null || body.isEmpty()) {
            if (!content.isMissingNode() && !content.isEmpty()) {
                drift.add("the body is empty but the spec documents " + names(content));
            }
            return drift;
        }
        if (content.isMissingNode() || content.isEmpty()) {
            drift.add("a body came back but the spec documents none: " + abbreviate(body));
            return drift;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        if (contentType == null) {
            drift.add("no Content-Type; the spec documents " + names(content));
            return drift;
        }
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        String documentedType = null;
        for (Iterator<String> it = content.fieldNames(); it.hasNext(); ) {
            String candidate = it.next();
            if (matches(candidate.toLowerCase(Locale.ROOT), mediaType)) {
                documentedType = candidate;
                break;
            }
        }
        if (documentedType == null) {
            drift.add("Content-Type " + contentType + " is not one of " + names(content));
            return drift;
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            drift.add("the body is not JSON: " + abbreviate(body));
            return drift;
        }
        JsonNode schema = content.get(documentedType).path("schema");
        if (schema.isMissingNode()) {
            return drift;
        }
        String location = schema.has("$ref") && schema.size() == 1
                ? DOCUMENT + schema.get("$ref").asText()
                : DOCUMENT + "#" + pointer + "/content/" + escape(documentedType) + "/schema";
        for (ValidationMessage message : validate(location, json)) {
            String at = message.getInstanceLocation().toString();
            drift.add("body at " + (at.isEmpty() ? "/" : at) + ": " + message.getError()
                    + " [" + message.getEvaluationPath() + "]");
        }
        return drift;
    }

    /** Validates a JSON value against a schema of the document, e.g. {@code #/components/schemas/Problem}. */
    Set<ValidationMessage> validate(String location, JsonNode value) {
        String absolute = location.startsWith("#") ? DOCUMENT + location : location;
        JsonSchema schema = schemas.computeIfAbsent(absolute,
                l -> factory.getSchema(SchemaLocation.of(l.replace("{", "%7B").replace("}", "%7D")), config));
        return schema.validate(value);
    }

    private void checkHeaders(String responsePointer, JsonNode headers, HttpResponse<String> response, List<String> drift) {
        headers.fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode header = entry.getValue();
            String at = "#" + responsePointer + "/headers/" + escape(name);
            if (header.has("$ref")) {
                at = header.get("$ref").asText();
                header = resolve(at);
            }
            Optional<String> value = response.headers().firstValue(name);
            if (value.isEmpty()) {
                if (header.path("required").asBoolean(false)) {
                    drift.add("required header " + name + " is missing");
                }
                return;
            }
            JsonNode schema = header.path("schema");
            if (schema.isMissingNode()) {
                return;
            }
            JsonNode typed = JsonNodeFactory.instance.textNode(value.get());
            if ("integer".equals(schema.path("type").asText())) {
                try {
                    typed = JsonNodeFactory.instance.numberNode(Long.parseLong(value.get()));
                } catch (NumberFormatException e) {
                    drift.add("header " + name + " is not an integer: " + value.get());
                    return;
                }
            }
            for (ValidationMessage message : validate(at + "/schema", typed)) {
                drift.add("header " + name + " " + value.get() + ": " + message.getError());
            }
        });
    }

    JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local references are supported: " + ref);
        }
        JsonNode node = spec.at(ref.substring(1));
        if (node.isMissingNode()) {
            throw new IllegalStateException("dangling reference " + ref);
        }
        return node.has("$ref") ? resolve(node.get("$ref").asText()) : node;
    }

    private static boolean matches(String documented, String actual) {
        if (documented.equals(actual) || documented.equals("*/*")) {
            return true;
        }
        return documented.endsWith("/*") && actual.startsWith(documented.substring(0, documented.length() - 1));
    }

    private static Pattern templatePattern(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher m = TEMPLATE_VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return Pattern.compile(regex.toString());
    }

    private static int literalSegments(String template) {
        int literals = 0;
        for (String segment : template.split("/")) {
            if (!segment.isEmpty() && !segment.startsWith("{")) {
                literals++;
            }
        }
        return literals;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String names(JsonNode content) {
        List<String> names = new ArrayList<>();
        content.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }

    /**
     * Every example of the spec that does not validate against its schema: request bodies and
     * responses, named by where they are.
     */
    List<String> invalidExamples() {
        List<String> invalid = new ArrayList<>();
        for (Operation op : operations) {
            JsonNode request = op.node().path("requestBody").path("content");
            request.fields().forEachRemaining(media -> examples(op.key() + " request " + media.getKey(), media.getValue(), invalid));
            op.node().path("responses").fields().forEachRemaining(response -> {
                JsonNode documented = response.getValue().has("$ref") ? resolve(response.getValue().get("$ref").asText())
                        : response.getValue();
                documented.path("content").fields().forEachRemaining(media ->
                        examples(op.key() + " " + response.getKey() + " " + media.getKey(), media.getValue(), invalid));
            });
        }
        return invalid;
    }

    private void examples(String where, JsonNode media, List<String> invalid) {
        JsonNode schema = media.path("schema");
        if (!schema.has("$ref")) {
            return;
        }
        media.path("examples").fields().forEachRemaining(example -> {
            JsonNode value = example.getValue().has("$ref") ? resolve(example.getValue().get("$ref").asText()).path("value")
                    : example.getValue().path("value");
            for (ValidationMessage message : validate(schema.get("$ref").asText(), value)) {
                invalid.add(where + " example " + example.getKey() + " at " + message.getInstanceLocation() + ": "
                        + message.getError());
            }
        });
    }

    /** For reports: the operation ids by key. */
    Map<String, String> operationIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        operations.forEach(op -> ids.put(op.key(), op.operationId()));
        return ids;
    }
}
