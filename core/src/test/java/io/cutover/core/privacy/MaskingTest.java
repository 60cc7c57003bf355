package io.cutover.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void emailsKeepTheirFirstLetterAndDomain() {
        assertThat(Masking.mask("jane.doe@example.com")).isEqualTo("j***@example.com");
        assertThat(Masking.mask("bob@")).as("the defect stays visible").isEqualTo("b***@");
    }

    @Test
    void phonesKeepOnlyTheirLastTwoDigits() {
        assertThat(Masking.mask("+33 6 12 34 56 78")).isEqualTo("+** * ** ** ** 78");
        assertThat(Masking.mask("(555) 123-4567")).isEqualTo("(***) ***-**67");
    }

    @Test
    void namesKeepOnlyTheirFirstLetter() {
        assertThat(Masking.mask("Zoë")).isEqualTo("Z***");
        assertThat(Masking.mask("Łukasz")).isEqualTo("Ł***");
        assertThat(Masking.mask("")).isEmpty();
        assertThat(Masking.mask(null)).isNull();
    }
}
