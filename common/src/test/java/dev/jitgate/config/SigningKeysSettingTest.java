package dev.jitgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import dev.jitgate.testing.SigningKeysJson;
import dev.jitgate.token.ApprovalTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The keys given as a value (a platform decrypted them), rather than read from the variable. */
class SigningKeysSettingTest {
  private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String SOURCE = "JITGATE_SIGNING_KEYS_KMS (decrypted)";

  @Test
  void tokensOfAValue_signWithTheActiveKey_andVerifyWithTheSameKeysReadFromTheVariable() {
    String keys = SigningKeysJson.of("k2", "k1", "k2");

    ApprovalTokens given = SigningKeysSetting.tokens(SOURCE, keys, CLOCK);
    ApprovalTokens read =
        SigningKeysSetting.tokens(
            new Environment(n -> n.equals(SigningKeysSetting.NAME) ? keys : null), CLOCK);

    String token =
        given.issue(
            new RequestId("req-0000000001"),
            new UserId("carol@example.com"),
            NOW.plus(Duration.ofHours(1)));
    assertThat(read.verify(token).approver()).isEqualTo(new UserId("carol@example.com"));
  }

  @Test
  void tokensOfAValue_whenItIsNotTheJson_nameTheSourceAndNeverEchoTheValue() {
    String secret = "c2VjcmV0LXRoYXQtbXVzdC1ub3QtbGVhay1pbnRvLWxvZ3M=";

    Throwable notJson =
        catchThrowable(() -> SigningKeysSetting.tokens(SOURCE, "k1:" + secret, CLOCK));
    Throwable extraField =
        catchThrowable(
            () ->
                SigningKeysSetting.tokens(
                    SOURCE,
                    "{\"active\":\"k1\",\"keys\":{\"k1\":\""
                        + secret
                        + "\"},\"old\":\""
                        + secret
                        + "\"}",
                    CLOCK));
    Throwable shortKey =
        catchThrowable(
            () ->
                SigningKeysSetting.tokens(
                    SOURCE, "{\"active\":\"k1\",\"keys\":{\"k1\":\"c2hvcnQ=\"}}", CLOCK));

    assertThat(notJson)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("the environment variable " + SOURCE + " must be JSON like");
    assertThat(extraField).hasMessageContaining(SOURCE + " must be JSON like");
    assertThat(shortKey).hasMessageContaining(SOURCE).hasMessageContaining("k1");
    for (Throwable thrown : new Throwable[] {notJson, extraField, shortKey}) {
      assertThat(thrown.getMessage()).doesNotContain(secret).doesNotContain("c2hvcnQ=");
      assertThat(thrown.getCause()).isNull();
    }
  }
}
