package dev.jitgate.auth;

import static dev.jitgate.auth.OidcFixtures.headers;
import static dev.jitgate.auth.OidcFixtures.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.Caller;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The development headers become a caller, or a clear refusal. */
class DevHeaderAuthenticatorTest {
  private final DevHeaderAuthenticator authenticator = new DevHeaderAuthenticator();

  @Test
  void authenticate_whenUserAndGroups_parsesBoth() {
    // given
    var request =
        headers(
            Map.of(
                "X-Jitgate-User", " Alice@Example.com ",
                "X-Jitgate-Groups", " sre, on-call ,,platform.admins@corp,sre, "));

    // when
    Caller caller = authenticator.authenticate(request);

    // then
    assertThat(caller.email().email()).isEqualTo("alice@example.com");
    assertThat(caller.subject()).isEqualTo("alice@example.com");
    assertThat(caller.groups()).containsExactlyInAnyOrder("sre", "on-call", "platform.admins@corp");
  }

  @Test
  void authenticate_whenNoGroupsHeader_hasNoGroups() {
    Caller caller =
        authenticator.authenticate(headers(Map.of("x-jitgate-user", "bob@example.com")));

    assertThat(caller.groups()).isEmpty();
  }

  @Test
  void authenticate_whenUserMissing_isUnauthenticated() {
    var request = headers(Map.of("X-Jitgate-Groups", "sre"));

    assertThat(unauthenticated(() -> authenticator.authenticate(request)))
        .contains("X-Jitgate-User");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"alice", "alice@", "@example.com", "alice@@example.com", "a b@example.com"})
  void authenticate_whenUserNotAnEmail_isUnauthenticated(String user) {
    var request = headers(Map.of("X-Jitgate-User", user));

    assertThat(unauthenticated(() -> authenticator.authenticate(request)))
        .contains("e-mail address");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sre,on call", "sre;oncall", "grüppe", "sre,a/b"})
  void authenticate_whenGroupNameInvalid_isUnauthenticated(String groups) {
    var request =
        headers(Map.of("X-Jitgate-User", "alice@example.com", "X-Jitgate-Groups", groups));

    assertThat(unauthenticated(() -> authenticator.authenticate(request)))
        .contains("X-Jitgate-Groups");
  }

  @Test
  void authenticate_whenGroupNameLongerThan128_isUnauthenticated() {
    String longest = "g".repeat(128);
    var ok = headers(Map.of("X-Jitgate-User", "a@example.com", "X-Jitgate-Groups", longest));
    var tooLong =
        headers(Map.of("X-Jitgate-User", "a@example.com", "X-Jitgate-Groups", longest + "g"));

    assertThat(authenticator.authenticate(ok).groups()).containsExactly(longest);
    unauthenticated(() -> authenticator.authenticate(tooLong));
  }
}
