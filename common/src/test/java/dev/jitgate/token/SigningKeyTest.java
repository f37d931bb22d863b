package dev.jitgate.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeyTest {
  private static byte[] bytes(int length, int fill) {
    byte[] secret = new byte[length];
    Arrays.fill(secret, (byte) fill);
    return secret;
  }

  @Test
  void new_whenSecretShorterThan32Bytes_throws() {
    assertThatThrownBy(() -> new SigningKey("k1", bytes(31, 7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThat(new SigningKey("k1", bytes(32, 7)).secret()).hasSize(32);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a.b", "a b", "kéy", "123456789012345678901234567890123"})
  void new_whenIdMalformed_throws(String id) {
    assertThatThrownBy(() -> new SigningKey(id, bytes(32, 7)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toString_hidesTheSecret() {
    // given
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (0x41 + i);
    }
    SigningKey key = new SigningKey("k1", secret);

    // when
    String shown = key.toString();

    // then
    assertThat(shown)
        .contains("k1")
        .doesNotContain("ABCDEF")
        .doesNotContain(Arrays.toString(secret).substring(1, 20))
        .doesNotContain(HexFormat.of().formatHex(secret).substring(0, 12))
        .doesNotContain(Base64.getEncoder().encodeToString(secret).substring(0, 12));
  }

  @Test
  void secret_isCopiedInAndOut() {
    // given
    byte[] secret = bytes(32, 7);
    SigningKey key = new SigningKey("k1", secret);

    // when
    secret[0] = 0;
    key.secret()[1] = 0;

    // then
    assertThat(key.secret()).isEqualTo(bytes(32, 7));
  }

  @Test
  void equals_comparesIdAndSecretContent() {
    SigningKey key = new SigningKey("k1", bytes(32, 7));

    assertThat(key).isEqualTo(new SigningKey("k1", bytes(32, 7)));
    assertThat(key).hasSameHashCodeAs(new SigningKey("k1", bytes(32, 7)));
    assertThat(key).isNotEqualTo(new SigningKey("k1", bytes(32, 8)));
    assertThat(key).isNotEqualTo(new SigningKey("k2", bytes(32, 7)));
  }
}
