package com.msoledger.ledger.web;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.api.ids.PartyId;
import com.msoledger.api.money.Money;
import com.msoledger.api.money.Percent;
import com.msoledger.api.time.Period;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the strings of a request body into value types, remembering every field that fails so one
 * 400 names them all. Usage: create, convert fields, then {@link #validate()} before building the
 * command. Conversions of failed fields return null; nothing is dispatched while any failed.
 *
 * <p>Every request string that can reach an event passes through here, so this is where text is
 * held to what PostgreSQL, the hash chain and a reader of a statement can all take: no field accepts
 * a control character (U+0000-U+001F, U+007F DEL, U+0080-U+009F), an unpaired UTF-16 surrogate, or
 * bytes that were not UTF-8 (the web converter decodes a body strictly and leaves each such byte as
 * an unpaired surrogate, see {@code WebJsonConfiguration}, so they are refused here, naming the field).
 * The one exception: {@linkplain #multilineText free-text reasons} may hold tab, line feed and
 * carriage return. Identifiers, codes, dates, periods, amounts and enum values have formats of their
 * own that admit none of these characters anyway.
 */
public final class RequestFields {

    static final String SINGLE_LINE = "must not contain control characters (U+0000-U+001F, U+007F-U+009F),"
            + " unpaired surrogates or bytes that are not UTF-8";
    static final String MULTI_LINE = "must not contain control characters other than tab, line feed and carriage return"
            + " (U+0000-U+001F, U+007F-U+009F), unpaired surrogates or bytes that are not UTF-8";

    private final List<InvalidInput.FieldProblem> problems = new ArrayList<>();
    private final java.util.Set<String> failedFields = new java.util.HashSet<>();

    /** A string checked only for presence and {@linkplain #isText clean characters}; its format is checked later. */
    public String required(String value, String field) {
        if (value == null) {
            fail(field, "is required");
        } else if (!isText(value, false)) {
            fail(field, SINGLE_LINE);
            return null;
        }
        return value;
    }

    /** Null is "is required" — unless the field already failed to parse, which says more. */
    public <T> T required(T value, String field) {
        if (value == null && !failedFields.contains(field)) {
            fail(field, "is required");
        }
        return value;
    }

    /** One line of text (a name, a reference, a label): 1-{@code maxLength} characters, not blank, no control characters. */
    public String text(String value, String field, int maxLength, boolean required) {
        return text(value, field, maxLength, required, false);
    }

    /**
     * Free text that may run over lines (a reason): like {@link #text}, but tab, line feed and carriage
     * return are allowed; every other control character is not.
     */
    public String multilineText(String value, String field, int maxLength, boolean required) {
        return text(value, field, maxLength, required, true);
    }

    /**
     * True when {@code value} holds no control character (U+0000-U+001F, U+007F-U+009F; with
     * {@code lines}, tab, line feed and carriage return excepted) and no unpaired surrogate.
     */
    public static boolean isText(String value, boolean lines) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)
                    || Character.isISOControl(c) && !(lines && (c == '\t' || c == '\n' || c == '\r'))) {
                return false;
            }
        }
        return true;
    }

    private String text(String value, String field, int maxLength, boolean required, boolean lines) {
        if (value == null) {
            if (required) {
                fail(field, "is required");
            }
            return null;
        }
        if (!isText(value, lines)) {
            fail(field, lines ? MULTI_LINE : SINGLE_LINE);
            return null;
        }
        if (value.isBlank() || value.length() > maxLength) {
            fail(field, "must be 1-" + maxLength + " characters and not blank");
            return null;
        }
        return value;
    }

    public String identifier(String value, String field) {
        if (value == null) {
            fail(field, "is required");
            return null;
        }
        if (!Identifiers.isValid(value)) {
            fail(field, "must be 1-64 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
            return null;
        }
        return value;
    }

    /** A service code: 1-32 upper-case letters, digits or '_', starting with a letter. */
    public String serviceCode(String value, String field) {
        if (value == null) {
            fail(field, "is required");
            return null;
        }
        if (!value.matches("[A-Z][A-Z0-9_]{0,31}")) {
            fail(field, "must be 1-32 upper-case letters, digits or '_', starting with a letter");
            return null;
        }
        return value;
    }

    public PartyId partyId(String value, String field) {
        String id = identifier(value, field);
        return id == null ? null : new PartyId(id);
    }

    public AgreementId agreementId(String value, String field) {
        String id = identifier(value, field);
        return id == null ? null : new AgreementId(id);
    }

    /** A currency code known to ISO 4217 with a defined minor unit. */
    public String currency(String value, String field) {
        if (value == null) {
            fail(field, "is required");
            return null;
        }
        try {
            Money.zero(value);
            return value;
        } catch (IllegalArgumentException e) {
            fail(field, "must be an ISO 4217 currency code such as USD");
            return null;
        }
    }

    /** An amount written as a decimal string with exactly the currency's digits. Null stays null. */
    public Money money(String value, String currency, String field) {
        if (value == null || currency == null) {
            return null;
        }
        return attempt(field, () -> Money.parse(value, currency));
    }

    /** A percentage written as a decimal string with two digits ("6.00"). Null stays null. */
    public Percent percent(String value, String field) {
        if (value == null) {
            return null;
        }
        return attempt(field, () -> Percent.parse(value));
    }

    public LocalDate date(String value, String field, boolean required) {
        if (value == null) {
            if (required) {
                fail(field, "is required");
            }
            return null;
        }
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("not yyyy-MM-dd", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            fail(field, "must be a date written yyyy-MM-dd");
            return null;
        }
    }

    public Period period(String value, String field) {
        if (value == null) {
            fail(field, "is required");
            return null;
        }
        return attempt(field, () -> Period.parse(value));
    }

    public <E extends Enum<E>> E enumValue(String value, Class<E> type, String field, boolean required) {
        if (value == null) {
            if (required) {
                fail(field, "is required");
            }
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        fail(field, "must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        return null;
    }

    public <T> List<T> list(List<T> value, String field, int maxSize, boolean required) {
        if (value == null) {
            if (required) {
                fail(field, "is required");
            }
            return List.of();
        }
        if (value.size() > maxSize) {
            fail(field, "may hold at most " + maxSize + " items");
            return List.of();
        }
        for (int i = 0; i < value.size(); i++) {
            if (value.get(i) == null) {
                fail(field + "[" + i + "]", "must not be null");
            }
        }
        return value;
    }

    public void fail(String field, String message) {
        problems.add(new InvalidInput.FieldProblem(field, message));
        failedFields.add(field);
    }

    public boolean failed() {
        return !problems.isEmpty();
    }

    /** Throws {@link InvalidInput} naming every failed field, if any failed. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }

    private <T> T attempt(String field, Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            fail(field, e.getMessage());
            return null;
        }
    }
}
