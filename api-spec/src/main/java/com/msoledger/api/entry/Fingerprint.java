package com.msoledger.api.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.msoledger.api.json.CanonicalJson;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;

/**
 * What tells a retry of a command from a different command under the same id: a SHA-256 of the
 * command's fields written as canonical JSON, prefixed with its version ({@value #VERSION}:…).
 *
 * <p>Canonical ({@link CanonicalJson}): object keys sorted, no whitespace, fields that are null left out (so adding an
 * optional field to a command record does not change the fingerprint of requests that do not use it,
 * and a retry across a deploy is still a retry), records written as objects of their components,
 * enums by name, numbers as plain decimals, everything else (dates, periods) as its ISO text.
 *
 * <p>Entries recorded before this version carry the SHA-256 of the command's {@code toString()}
 * without a prefix; {@link #matches} still accepts those.
 */
public final class Fingerprint {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    /** The current version of the canonical form. */
    public static final String VERSION = "fp2";

    private Fingerprint() {
    }

    /** The fingerprint of a command (a record). */
    public static String of(Record command) {
        return VERSION + ":" + sha256(canonical(command));
    }

    /** Whether a stored fingerprint, of this version or a legacy one, was taken of this command. */
    public static boolean matches(String stored, Record command) {
        if (stored == null) {
            return false;
        }
        if (stored.startsWith(VERSION + ":")) {
            return stored.equals(of(command));
        }
        // the first version: the hash of the record's toString(), written without a version
        return stored.length() == 64 && stored.equals(sha256(command.toString()));
    }

    /** The canonical JSON text of a value ({@link CanonicalJson}, the hash chain's form). */
    static String canonical(Object value) {
        return CanonicalJson.write(tree(value));
    }

    private static JsonNode tree(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Record record) {
            ObjectNode object = NODES.objectNode();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object field = read(component, record);
                if (field != null) {
                    object.set(component.getName(), tree(field));
                }
            }
            return object;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> {
                if (v != null) {
                    object.set(String.valueOf(k), tree(v));
                }
            });
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(tree(item)));
            return array;
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof BigDecimal decimal) {
            return NODES.numberNode(decimal);
        }
        if (value instanceof Enum<?> constant) {
            return NODES.textNode(constant.name());
        }
        return NODES.textNode(value.toString()); // dates, months: their ISO text
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + component.getName() + " of " + record.getClass().getName(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
