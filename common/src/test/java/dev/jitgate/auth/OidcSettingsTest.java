package dev.jitgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The OIDC settings refuse what would weaken sign-in. */
class OidcSettingsTest {
  private static final URI ISSUER = URI.create("https://id.example.com");
  private static final URI JWKS = URI.create("https://id.example.com/keys");

  @Test
  void of_fillsTheDefaults() {
    OidcSettings settings = OidcSettings.of(ISSUER, "jitgate", JWKS);

    assertThat(settings.emailClaim()).isEqualTo("email");
    assertThat(settings.groupsClaim()).isEqualTo("groups");
    assertThat(settings.clockSkew()).isEqualTo(Duration.ofSeconds(60));
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT61S", "PT-1S", "PT0.5S"})
  void construct_whenClockSkewNotWholeSecondsUpToAMinute_refuses(String skew) {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> new OidcSettings(ISSUER, "jitgate", JWKS, null, null, Duration.parse(skew)))
        .withMessageContaining("clock skew");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://id.example.com/keys", "ftp://id.example.com/keys", "/keys"})
  void construct_whenKeysCouldBeSwappedInTransit_refuses(String jwksUri) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OidcSettings.of(ISSUER, "jitgate", URI.create(jwksUri)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/keys", "http://localhost/keys", "http://[::1]/k"})
  void construct_whenPlainHttpOnLoopback_accepts(String jwksUri) {
    assertThat(OidcSettings.of(ISSUER, "jitgate", URI.create(jwksUri)).jwksUri())
        .hasToString(jwksUri);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", " jitgate"})
  void construct_whenAudienceBlankOrPadded_refuses(String audience) {
    assertThatIllegalArgumentException().isThrownBy(() -> OidcSettings.of(ISSUER, audience, JWKS));
  }
}
