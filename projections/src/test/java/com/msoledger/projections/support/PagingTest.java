package com.msoledger.projections.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

class PagingTest {

    @Test
    void acceptsTheFirstPageAndEverySizeFromOneToTheMaximum() {
        assertThatCode(() -> Paging.check(0, 1)).doesNotThrowAnyException();
        assertThatCode(() -> Paging.check(0, Paging.MAX_SIZE)).doesNotThrowAnyException();
        assertThatCode(() -> Paging.check(Integer.MAX_VALUE, 50)).doesNotThrowAnyException();
    }

    @Test
    void refusesANegativePageNamingPage() {
        assertThatThrownBy(() -> Paging.check(-1, 50))
                .isInstanceOf(BadQuery.class)
                .satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("page"));
    }

    @Test
    void refusesASizeBelowOneOrAboveTheMaximumNamingSize() {
        assertThatThrownBy(() -> Paging.check(0, 0))
                .isInstanceOf(BadQuery.class)
                .satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("size"));
        assertThatThrownBy(() -> Paging.check(0, Paging.MAX_SIZE + 1))
                .isInstanceOf(BadQuery.class)
                .satisfies(e -> assertThat(SupportWiring.fieldOf(e)).isEqualTo("size"))
                .hasMessageContaining("between 1 and 200");
    }

    @Test
    void aBadQueryIsA400ProblemNamingTheFieldInItsErrors() {
        BadQuery refusal = new BadQuery("size", "must be between 1 and 200");

        assertThat(refusal.getStatusCode().value()).isEqualTo(400);
        assertThat(refusal.getBody().getDetail()).isEqualTo("size must be between 1 and 200");
        assertThat(refusal.getBody().getProperties())
                .containsEntry("errors", java.util.List.of(java.util.Map.of("field", "size", "message", "must be between 1 and 200")));
    }
}
