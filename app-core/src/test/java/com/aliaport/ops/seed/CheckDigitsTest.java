package com.aliaport.ops.seed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CheckDigitsTest {
    @Test
    void tax_numbers_follow_the_revenue_administration_check_digit() {
        assertThat(Vkn.isValid("4540536920")).isTrue(); // python-stdnum's published example
        assertThat(Vkn.isValid("4540536921")).isFalse();
        assertThat(Vkn.of("454053692")).isEqualTo("4540536920");
        assertThat(Vkn.isValid("45405369")).isFalse();
    }

    @Test
    void imo_numbers_follow_the_weighted_check_digit() {
        assertThat(ImoNumber.isValid("9074729")).isTrue(); // the example of IMO resolution A.1117(30)
        assertThat(ImoNumber.isValid("9074728")).isFalse();
        assertThat(ImoNumber.of("907472")).isEqualTo("9074729");
    }

    @Test
    void container_numbers_follow_iso_6346() {
        assertThat(ContainerNumber.isValid("CSQU3054383")).isTrue(); // the example of ISO 6346
        assertThat(ContainerNumber.isValid("CSQU3054384")).isFalse();
        assertThat(ContainerNumber.of("CSQU305438")).isEqualTo("CSQU3054383");
    }
}
