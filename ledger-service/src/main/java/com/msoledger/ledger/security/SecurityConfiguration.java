package com.msoledger.ledger.security;

import com.msoledger.api.http.ProblemTypes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.ledger.agreement.AgreementDirectory;
import com.msoledger.ledger.storage.DatabaseProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Stateless JWT bearer authentication and the role matrix of the API. Only {@code /actuator/health}
 * is public; every refusal is a problem+json and a log line naming actor, path and reason. A token
 * whose claims have the wrong shape is refused like a forged one ({@link TokenClaimsValidator}); a
 * path the firewall refuses ({@code ;}, {@code %2F}, {@code ..}, {@code //}...) is a 400
 * {@code rejected-path}, answered before authentication.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);
    private static final int MIN_SECRET_BYTES = 32;

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, AgreementDirectory agreements,
                            ObjectMapper json,
                            @org.springframework.beans.factory.annotation.Value("${management.server.port:-1}") int managementPort,
                            @org.springframework.beans.factory.annotation.Value("${server.port:8080}") int serverPort)
            throws Exception {
        // a separate management port is meant to be reachable only inside the deployment's network
        // (Prometheus scrapes it): there, and only there, actuator answers without a token
        boolean separateManagementPort = managementPort > 0 && managementPort != serverPort;
        http.csrf(csrf -> csrf.disable()) // bearer tokens only, no cookies: nothing for CSRF to ride on
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> {
                    if (properties.corsAllowedOrigins().isEmpty()) {
                        cors.disable();
                    } else {
                        CorsConfiguration config = new CorsConfiguration();
                        config.setAllowedOrigins(properties.corsAllowedOrigins());
                        config.setAllowedMethods(List.of("GET", "POST"));
                        config.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "X-Correlation-Id"));
                        config.setExposedHeaders(List.of("Location", "Ledger-Position", "X-Correlation-Id", "Idempotent-Replayed"));
                        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
                        source.registerCorsConfiguration("/api/**", config);
                        cors.configurationSource(source);
                    }
                })
                .authorizeHttpRequests(a -> a
                        // an error dispatch renders an error that already happened: never a second refusal
                        // (Tomcat renders errors itself, see web.TomcatErrors, so none is expected)
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(request -> separateManagementPort && request.getLocalPort() == managementPort
                                && request.getRequestURI().startsWith("/actuator/")).permitAll()
                        .requestMatchers("/actuator/**").hasAnyRole("ADMIN", "AUDITOR", "DASHBOARD")
                        .requestMatchers("/api/v1/audit/**").hasRole("AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/admin/**").hasRole("ADMIN")
                        .requestMatchers("/api/v1/admin/**").hasAnyRole("ADMIN", "AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/**").hasRole("FINANCE")
                        .requestMatchers(HttpMethod.GET, "/api/v1/**").hasAnyRole("FINANCE", "AUDITOR", "DASHBOARD", "PRACTICE")
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authentication()))
                        .authenticationEntryPoint((request, response, e) -> {
                            // the library's reason (expired, bad signature…) goes to the log, not to the caller
                            log.info("bearer token rejected on {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
                            deny(json, request, response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                                    "the bearer token is missing, malformed, expired or not issued for this service");
                        })
                        .accessDeniedHandler((request, response, e) ->
                                deny(json, request, response, HttpStatus.FORBIDDEN, "forbidden", "the token's roles do not allow this")))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) ->
                                deny(json, request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", "a bearer token is required"))
                        .accessDeniedHandler((request, response, ex) ->
                                deny(json, request, response, HttpStatus.FORBIDDEN, "forbidden", "the token's roles do not allow this")))
                .addFilterAfter(new ReaderScopeFilter(agreements, json), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(SecurityProperties properties, DatabaseProperties database, Clock clock) {
        // expiry and not-before are judged by the ledger's clock, like everything else it dates
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(timestamps, audience(properties.audience()),
                requireExpiry(), new TokenClaimsValidator()));
        NimbusJwtDecoder decoder;
        if (properties.hasIssuer()) {
            decoder = JwtDecoders.fromIssuerLocation(properties.issuerUri());
            validators.add(new JwtIssuerValidator(properties.issuerUri()));
        } else if (properties.hasJwkSet()) {
            decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
        } else {
            byte[] secret = localSecret(properties, database, clock);
            decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                    .macAlgorithm(MacAlgorithm.HS256).build();
        }
        decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(validators));
        return decoder;
    }

    /**
     * Requests the firewall refuses (path parameters, encoded slashes, dot segments, double slashes,
     * and header or parameter values with control characters) are answered here with a 400 problem,
     * not with an error dispatch that would meet the security chain again unauthenticated.
     */
    @Bean
    RequestRejectedHandler requestRejected(ObjectMapper json) {
        return (request, response, e) -> {
            String reason = e.getMessage() == null ? "" : e.getMessage();
            boolean path = !(reason.contains("header") || reason.contains("parameter") || reason.contains("HTTP method"));
            // a header's value may be a token: only the path's reasons (which quote a fixed blocked string) are logged
            log.info("request rejected by the firewall on {} {}: {}", request.getMethod(), request.getRequestURI(),
                    path ? reason : "its method, a header or a parameter is not allowed");
            if (response.isCommitted()) {
                return;
            }
            response.resetBuffer(); // keeps the headers set so far, such as X-Correlation-Id
            if (path) {
                write(json, request, response, HttpStatus.BAD_REQUEST, "rejected-path", "Rejected path",
                        "the request path was rejected: it holds ';', an encoded '/', '\\', '.' or '%', a '.', '..' or"
                                + " '//' segment, or a character that is not printable ASCII");
            } else {
                write(json, request, response, HttpStatus.BAD_REQUEST, "rejected-request", "Rejected request",
                        "the request was rejected: its method, a header or a parameter holds something that is not allowed");
            }
        };
    }

    /**
     * The HS256 secret: the configured one, or on the embedded database a random one with ready tokens
     * logged. An external database is a real deployment and must name a real issuer or a secret.
     */
    private static byte[] localSecret(SecurityProperties properties, DatabaseProperties database, Clock clock) {
        if (properties.hasSecret()) {
            byte[] secret = properties.jwtSecret().getBytes(StandardCharsets.UTF_8);
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalStateException("LEDGER_JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes long");
            }
            return secret;
        }
        if (!database.embedded()) {
            throw new IllegalStateException("LEDGER_DB_URL points at an external database, so this is a real deployment:"
                    + " set LEDGER_JWT_ISSUER_URI or LEDGER_JWT_JWK_SET_URI (and LEDGER_JWT_AUDIENCE), or an explicit"
                    + " LEDGER_JWT_SECRET of at least 32 bytes. The service will not start with throwaway local tokens.");
        }
        byte[] secret = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        StringBuilder tokens = new StringBuilder("LOCAL-ONLY tokens (random secret, valid "
                + properties.localTokenLifetime() + ", for this run only; set LEDGER_JWT_SECRET to keep them across restarts):");
        for (Role role : Role.values()) {
            if (role == Role.PRACTICE) {
                continue; // a practice reader needs practice ids: sign one with LocalTokens for your data
            }
            tokens.append(System.lineSeparator()).append("  ").append(role).append(": ")
                    .append(LocalTokens.sign(secret, properties.audience(), "local-" + role.name().toLowerCase(),
                            List.of(role), List.of(), clock.instant(), properties.localTokenLifetime()));
        }
        log.warn(tokens.toString());
        return secret;
    }

    /** Maps the {@code roles} claim to authorities; unknown roles grant nothing. */
    private static JwtAuthenticationConverter authentication() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(jwt -> {
            Collection<GrantedAuthority> authorities = new ArrayList<>();
            List<String> roles = jwt.getClaimAsStringList("roles");
            if (roles != null) {
                for (Role role : Role.values()) {
                    if (roles.contains(role.name())) {
                        authorities.add(new SimpleGrantedAuthority(role.authority()));
                    }
                }
            }
            return authorities;
        });
        return converter;
    }

    private static OAuth2TokenValidator<Jwt> audience(String audience) {
        return jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is not for " + audience, null));
    }

    private static OAuth2TokenValidator<Jwt> requireExpiry() {
        return jwt -> jwt.getExpiresAt() != null
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token has no expiry", null));
    }

    static void deny(ObjectMapper json, HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                     String code, String reason) throws IOException {
        String actor = request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
        log.warn("denied {} {} {} actor={} reason={}", status.value(), request.getMethod(), request.getRequestURI(), actor, reason);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        write(json, request, response, status, code, status == HttpStatus.UNAUTHORIZED ? "Unauthenticated"
                : status == HttpStatus.NOT_FOUND ? "Not found" : "Forbidden", reason);
    }

    private static void write(ObjectMapper json, HttpServletRequest request, HttpServletResponse response, HttpStatus status,
                              String code, String title, String detail) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.of(code));
        problem.setTitle(title);
        problem.setInstance(instance(request.getRequestURI()));
        problem.setProperty("correlationId", com.msoledger.ledger.web.RequestContext.of(request).correlationId());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The request path as a problem's {@code instance}, also when it is not a valid URI reference. */
    private static URI instance(String path) {
        try {
            return URI.create(path);
        } catch (IllegalArgumentException e) {
            try {
                return new URI(null, null, path, null);
            } catch (URISyntaxException again) {
                return URI.create("/");
            }
        }
    }
}
