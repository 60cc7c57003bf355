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

  @org.junit.jupiter.api.Test
  void personalDataIsDecidedByTheNameAndTheDataset() {
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("address_id", "customer"))
        .as("an id points at personal data but is none")
        .isFalse();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("address", "address"))
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("name", "category"))
        .as("a genre's name")
        .isFalse();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("name", "playlist")).isFalse();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("product_name", "orders"))
        .isFalse();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("name", "customers"))
        .as("a customer's name")
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("name", ""))
        .as("unknown dataset: masked")
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("first_name", "actor"))
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("surname", "people")).isTrue();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("username", "staff")).isTrue();
    org.assertj.core.api.Assertions.assertThat(Masking.looksPersonal("password", "staff"))
        .as("a secret is masked too")
        .isTrue();
  }
}
