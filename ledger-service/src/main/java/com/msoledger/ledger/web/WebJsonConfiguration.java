package com.msoledger.ledger.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.msoledger.api.http.MoneyJsonModule;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConversionException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The web ObjectMapper is strict: unknown fields, duplicate keys, trailing garbage, and numbers or
 * booleans where a string is expected are all 400s. That is what keeps {@code "amount": 1250.5}
 * from silently becoming {@code "1250.5"}. It never touches stored events (see the storage
 * package's own mappers).
 *
 * <p>Request bodies are decoded as strict UTF-8 (RFC 8259 §8.1) before Jackson sees them, whatever
 * charset the Content-Type names: Jackson's own decoder accepts overlong forms ({@code C0 AF} would
 * become {@code /}) and UTF-8-encoded surrogates. Each byte that is not part of a well-formed UTF-8
 * sequence becomes an unpaired surrogate (U+DC80-U+DCFF, as Python's "surrogateescape" does), which
 * every text conversion of {@link RequestFields} refuses, so the 400 names the field that held it; outside a
 * string it is a JSON syntax error.
 */
@Configuration(proxyBeanMethods = false)
class WebJsonConfiguration {

    @Bean
    MoneyJsonModule moneyJsonModule() {
        return new MoneyJsonModule();
    }

    @Bean
    MappingJackson2HttpMessageConverter strictUtf8JsonConverter(ObjectMapper json) {
        return new StrictUtf8JsonConverter(json);
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictJson() {
        return builder -> builder
                .featuresToEnable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY,
                        JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .featuresToDisable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .postConfigurer(mapper -> {
                    for (LogicalType type : new LogicalType[]{LogicalType.Textual, LogicalType.Integer,
                            LogicalType.Float, LogicalType.Boolean, LogicalType.Enum}) {
                        mapper.coercionConfigFor(type)
                                .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer ? CoercionAction.TryConvert : CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
                    }
                });
    }

    /** Reads request bodies through {@link #decodeUtf8}; writes as Spring's converter does. */
    static final class StrictUtf8JsonConverter extends MappingJackson2HttpMessageConverter {

        StrictUtf8JsonConverter(ObjectMapper json) {
            super(json);
        }

        @Override
        public Object read(Type type, Class<?> contextClass, HttpInputMessage input) throws IOException {
            return read(getJavaType(type, contextClass), input);
        }

        @Override
        protected Object readInternal(Class<?> type, HttpInputMessage input) throws IOException {
            return read(getJavaType(type, null), input);
        }

        private Object read(JavaType type, HttpInputMessage input) throws IOException {
            String body = decodeUtf8(input.getBody().readAllBytes());
            try {
                return customizeReader(getObjectMapper().readerFor(type), type).readValue(body);
            } catch (InvalidDefinitionException e) {
                throw new HttpMessageConversionException("Type definition error: " + e.getType(), e);
            } catch (JsonProcessingException e) {
                throw new HttpMessageNotReadableException("JSON parse error: " + e.getOriginalMessage(), e, input);
            }
        }
    }

    /**
     * The text of UTF-8 {@code bytes}, decoded strictly (no overlong forms, no encoded surrogates,
     * nothing above U+10FFFF), without a leading byte order mark; each byte of a malformed sequence
     * becomes the unpaired surrogate U+DC00 plus the byte's value, so it can be refused where it lands.
     */
    static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never decodes to more chars than bytes
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    out.put((char) (0xDC00 | (in.get() & 0xFF)));
                }
            } else {
                break; // underflow: all read (overflow cannot happen, see the allocation)
            }
        }
        decoder.flush(out);
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == '\uFEFF') {
            out.get();
        }
        return out.toString();
    }
}
