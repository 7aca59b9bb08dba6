package com.msoledger.api.entry;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What tells a retry of a command from a different command under the same id: a SHA-256 of the
 * command's fields written as canonical JSON, prefixed with its version ({@value #VERSION}:…).
 *
 * <p>Canonical: object keys sorted, no whitespace, fields that are null left out (so adding an
 * optional field to a command record does not change the fingerprint of requests that do not use it,
 * and a retry across a deploy is still a retry), records written as objects of their components,
 * enums by name, numbers as plain decimals, everything else (dates, periods) as its ISO text.
 *
 * <p>Entries recorded before this version carry the SHA-256 of the command's {@code toString()}
 * without a prefix; {@link #matches} still accepts those.
 */
public final class Fingerprint {

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

    /** The canonical JSON text of a value. */
    static String canonical(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Record record) {
            Map<String, Object> fields = new TreeMap<>();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object field = read(component, record);
                if (field != null) {
                    fields.put(component.getName(), field);
                }
            }
            writeObject(fields, out);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> fields = new TreeMap<>();
            map.forEach((k, v) -> {
                if (v != null) {
                    fields.put(String.valueOf(k), v);
                }
            });
            writeObject(fields, out);
        } else if (value instanceof Collection<?> items) {
            writeArray(items.toArray(), out);
        } else if (value instanceof Object[] items) {
            writeArray(items, out);
        } else if (value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte) {
            out.append(value);
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.stripTrailingZeros().toPlainString());
        } else if (value instanceof Enum<?> constant) {
            writeString(constant.name(), out);
        } else {
            writeString(value.toString(), out);
        }
    }

    private static void writeObject(Map<String, Object> fields, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(field.getKey(), out);
            out.append(':');
            write(field.getValue(), out);
        }
        out.append('}');
    }

    private static void writeArray(Object[] items, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            write(items[i], out);
        }
        out.append(']');
    }

    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
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
