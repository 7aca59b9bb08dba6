package com.msoledger.ledger.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.msoledger.api.http.MoneyJsonModule;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The web ObjectMapper is strict: unknown fields, duplicate keys, trailing garbage, and numbers or
 * booleans where a string is expected are all 400s. That is what keeps {@code "amount": 1250.5}
 * from silently becoming {@code "1250.5"}. It never touches stored events (see the storage
 * package's own mappers).
 */
@Configuration(proxyBeanMethods = false)
class WebJsonConfiguration {

    @Bean
    MoneyJsonModule moneyJsonModule() {
        return new MoneyJsonModule();
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
}
