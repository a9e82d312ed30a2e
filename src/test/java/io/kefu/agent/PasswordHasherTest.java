package io.kefu.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(1_000);

  @Test
  void rightPasswordVerifiesAndWrongOneDoesNot() {
    String encoded = hasher.hash("correct horse 电池");
    assertThat(hasher.verify("correct horse 电池", encoded)).isTrue();
    assertThat(hasher.verify("correct horse 电", encoded)).isFalse();
    assertThat(hasher.verify("", encoded)).isFalse();
  }

  @Test
  void encodingNamesSchemeIterationsSaltAndHash() {
    String encoded = new PasswordHasher(12_345).hash("secret-password");
    assertThat(encoded).matches("pbkdf2-sha256\\$12345\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
  }

  @Test
  void samePasswordGetsADifferentSaltEachTime() {
    String first = hasher.hash("same password");
    String second = hasher.hash("same password");
    assertThat(first.split("\\$")[2]).isNotEqualTo(second.split("\\$")[2]);
    assertThat(first).isNotEqualTo(second);
    assertThat(hasher.verify("same password", first)).isTrue();
    assertThat(hasher.verify("same password", second)).isTrue();
  }

  @Test
  void hashMadeWithOtherIterationsStillVerifies() {
    String encoded = new PasswordHasher(2_000).hash("password123");
    assertThat(hasher.verify("password123", encoded)).isTrue();
  }

  @Test
  void malformedEncodingsAreRejectedNotThrown() {
    String good = hasher.hash("password123");
    String[] parts = good.split("\\$");
    assertThat(hasher.verify("password123", null)).isFalse();
    assertThat(hasher.verify(null, good)).isFalse();
    assertThat(hasher.verify("password123", "")).isFalse();
    assertThat(hasher.verify("password123", "plain-text-password")).isFalse();
    assertThat(hasher.verify("password123", "bcrypt$1000$" + parts[2] + "$" + parts[3])).isFalse();
    assertThat(hasher.verify("password123", "pbkdf2-sha256$abc$" + parts[2] + "$" + parts[3])).isFalse();
    assertThat(hasher.verify("password123", "pbkdf2-sha256$1000$!!!$" + parts[3])).isFalse();
    assertThat(hasher.verify("password123", "pbkdf2-sha256$1000$" + parts[2])).isFalse();
    assertThat(hasher.verify("password123", good + "$extra")).isFalse();
    assertThat(hasher.verify("password123", "pbkdf2-sha256$999999999$" + parts[2] + "$" + parts[3]))
        .as("absurd iteration counts are refused, not computed").isFalse();
    assertThat(hasher.verify("password123", "pbkdf2-sha256$1000$" + parts[2] + "$AAAA"))
        .as("truncated hash").isFalse();
  }

  @Test
  void iterationsBelowTheFloorAreRefused() {
    assertThatThrownBy(() -> new PasswordHasher(999)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("iterations");
  }
}
