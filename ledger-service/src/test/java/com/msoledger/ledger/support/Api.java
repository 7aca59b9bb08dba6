package com.msoledger.ledger.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deliberately raw HTTP client for tests: sends exactly the bytes given, so tests can post
 * malformed JSON, numbers where strings belong or unknown fields, and read status, headers and body.
 * The one liberty it takes: date placeholders such as {@code {P-1:end}} become dates relative to the
 * test's day, so a request means the same whenever the suite runs.
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private final TestCalendar calendar;

    /** A client whose paths and bodies may name dates relative to today ({@link TestCalendar}). */
    public Api(int port) {
        this(port, TestCalendar.now());
    }

    /** A client whose date placeholders are filled from {@code calendar}. */
    public Api(int port, TestCalendar calendar) {
        this.base = "http://localhost:" + port;
        this.calendar = calendar;
    }

    /** The calendar this client fills date placeholders from. */
    public TestCalendar calendar() {
        return calendar;
    }

    public Api header(String name, String value) {
        defaultHeaders.put(name, value);
        return this;
    }

    /** A response: status, headers, and the body parsed as JSON (null when empty or not JSON). */
    public record Response(int status, HttpResponse<String> raw, JsonNode json) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        public long position() {
            return Long.parseLong(header("Ledger-Position"));
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    /**
     * Posts with a fresh Idempotency-Key unless the headers name one (or it is set to "" to send none).
     * Date placeholders in the path and body are filled first ({@link TestCalendar#fill}).
     */
    public Response post(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + calendar.fill(path)))
                .POST(HttpRequest.BodyPublishers.ofString(calendar.fill(body)))
                .header("Content-Type", "application/json");
        boolean keyGiven = defaultHeaders.containsKey("Idempotency-Key");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            keyGiven |= headers[i].equalsIgnoreCase("Idempotency-Key");
        }
        if (!keyGiven) {
            request.header("Idempotency-Key", java.util.UUID.randomUUID().toString());
        }
        return send(request, headers);
    }

    /** Gets, with the date placeholders in the path filled first ({@link TestCalendar#fill}). */
    public Response get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(base + calendar.fill(path))).GET(), headers);
    }

    public Response send(HttpRequest.Builder request, String... headers) {
        defaultHeaders.forEach(request::setHeader);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (!headers[i + 1].isEmpty()) {
                request.setHeader(headers[i], headers[i + 1]);
            }
        }
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !response.body().isEmpty()) {
                json = JSON.readTree(response.body());
            }
            return new Response(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new IllegalStateException("request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
