package dev.jitgate.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.auth.ClaimsMapper;
import dev.jitgate.config.Environment;
import dev.jitgate.domain.Caller;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.UnauthenticatedException;
import dev.jitgate.testing.IdentityProviderStub;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Behind Identity-Aware Proxy, callers sign in with IAP's signed header, checked for IAP's issuer
 * and this app's audience; a loopback key server stands in for IAP's.
 */
class IapFrontDoorTest {
  static final String AUDIENCE = "/projects/493825112907/global/backendServices/7194431625184113";
  static final String IAP = "https://cloud.google.com/iap";

  private final IdentityProviderStub iap = SchedulerCallerTest.newStub();
  private final Map<String, String> settings = new HashMap<>();

  IapFrontDoorTest() {
    settings.put(IapFrontDoor.AUDIENCE, AUDIENCE);
    settings.put(IapFrontDoor.KEYS, iap.jwksUri().toString());
  }

  @AfterEach
  void close() {
    iap.close();
  }

  private Authenticator frontDoor() {
    return IapFrontDoor.authenticator(
        new Environment(settings::get),
        new ClaimsMapper(new ClaimsMapper.Identity.VerifiedEmail(), "groups"),
        Clock.systemUTC());
  }

  private String assertion(String issuer, String audience) throws Exception {
    return iap.token(
        issuer,
        audience,
        "accounts.google.com:113218947392715830",
        Map.of("email", "alice@example.com", "hd", "example.com"));
  }

  private static HttpRequest withHeader(String name, String value) {
    return new HttpRequest("GET", "/api/v1/entitlements", Map.of(), Map.of(name, value), null);
  }

  @Test
  void iapAssertion_forThisApp_signsTheGoogleIdentityIn() throws Exception {
    Caller caller =
        frontDoor().authenticate(withHeader("X-Goog-IAP-JWT-Assertion", assertion(IAP, AUDIENCE)));

    assertThat(caller.email().email()).isEqualTo("alice@example.com");
  }

  @Test
  void iapAssertion_forAnotherApp_isRefused() throws Exception {
    String other = "/projects/493825112907/global/backendServices/1111111111111111";

    assertThatThrownBy(
            () -> frontDoor().authenticate(withHeader(IapFrontDoor.HEADER, assertion(IAP, other))))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void tokenFromAnotherIssuer_isRefused() throws Exception {
    assertThatThrownBy(
            () ->
                frontDoor()
                    .authenticate(
                        withHeader(
                            IapFrontDoor.HEADER,
                            assertion("https://accounts.google.com", AUDIENCE))))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void bearerTokenAlone_doesNotSignInBehindIap() throws Exception {
    assertThatThrownBy(
            () ->
                frontDoor()
                    .authenticate(
                        withHeader("Authorization", "Bearer " + assertion(IAP, AUDIENCE))))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("Identity-Aware Proxy");
  }

  @Test
  void emptyAudience_isRefusedAtStart() {
    settings.put(IapFrontDoor.AUDIENCE, "  ");

    assertThatThrownBy(this::frontDoor).hasMessageContaining(IapFrontDoor.AUDIENCE);
  }
}
