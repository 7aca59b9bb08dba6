package com.msoledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ledger's HTTP API as the benchmark uses it: HTTP/1.1 (java.net.http), an HS256 bearer token
 * signed with the service's LEDGER_JWT_SECRET, and a fresh Idempotency-Key on every POST.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;
    private final String base;
    private final String bearer;

    Api(String base, String secret, Clock clock) {
        ExecutorService completions = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "http-completion");
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(completions)
                .build();
        this.base = base;
        this.bearer = "Bearer " + token(secret.getBytes(StandardCharsets.UTF_8), clock);
    }

    /** A token with every staff role: FINANCE for commands, ADMIN for projection operations, AUDITOR to read. */
    static String token(byte[] secret, Clock clock) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer("mso-ledger-local")
                .audience("mso-ledger")
                .subject("bench")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(12))))
                .claim("roles", List.of("FINANCE", "AUDITOR", "ADMIN", "DASHBOARD"))
                .claim("practices", List.of())
                .build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign the benchmark's token", e);
        }
    }

    HttpRequest postRequest(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    HttpRequest getRequest(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", bearer)
                .GET()
                .build();
    }

    CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    HttpResponse<String> post(String path, String body) {
        return send(postRequest(path, body));
    }

    HttpResponse<String> get(String path) {
        return send(getRequest(path));
    }

    /** POSTs and insists on one of the expected statuses. */
    JsonNode postExpecting(String path, String body, int... statuses) {
        return expect(post(path, body), statuses);
    }

    JsonNode getExpecting(String path, int... statuses) {
        return expect(get(path), statuses);
    }

    static JsonNode expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                try {
                    return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable answer from " + response.uri() + ": " + response.body(), e);
                }
            }
        }
        String body = response.body();
        throw new IllegalStateException(response.request().method() + " " + response.uri() + " answered "
                + response.statusCode() + ": " + (body.length() > 2000 ? body.substring(0, 2000) + "…" : body));
    }
}
