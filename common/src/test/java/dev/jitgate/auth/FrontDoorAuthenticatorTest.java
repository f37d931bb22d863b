package dev.jitgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.domain.Caller;
import dev.jitgate.domain.UserId;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.port.UnauthenticatedException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Claims a platform front door verified, turned into a caller by the one claims mapper. */
class FrontDoorAuthenticatorTest {
  private final FrontDoorAuthenticator authenticator =
      new FrontDoorAuthenticator(
          new ClaimsMapper(new ClaimsMapper.Identity.VerifiedEmail(), "roles"),
          "sign in through the platform's front door");

  @Test
  void verifiedClaims_giveTheCallerWithGroupsFromTheConfiguredClaim() {
    Caller caller =
        authenticator.authenticate(
            request(
                Map.of(
                    "sub",
                    "u-1",
                    "email",
                    "alice@example.com",
                    "email_verified",
                    true,
                    "roles",
                    List.of(" sre ", "", "oncall"))));

    assertThat(caller.subject()).isEqualTo("u-1");
    assertThat(caller.email().email()).isEqualTo("alice@example.com");
    assertThat(caller.groups()).containsExactlyInAnyOrder("sre", "oncall");
  }

  @Test
  void noClaims_isUnauthenticatedWhateverTheHeadersSay() {
    HttpRequest request =
        new HttpRequest(
            "GET",
            "/api/v1/entitlements",
            Map.of(),
            Map.of("x-ms-client-principal-name", "carol@example.com"),
            new byte[0]);

    assertThat(catchThrowable(() -> authenticator.authenticate(request)))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessage("sign in through the platform's front door");
  }

  @Test
  void unverifiedEmail_isRefused_asTextToo() {
    for (Object verified : List.of(false, "false", "FALSE")) {
      Throwable thrown =
          catchThrowable(
              () ->
                  authenticator.authenticate(
                      request(Map.of("email", "alice@example.com", "email_verified", verified))));

      assertThat(thrown)
          .isInstanceOf(UnauthenticatedException.class)
          .hasMessageContaining("not verified");
    }
  }

  @Test
  void groupsThatAreNotAListOfNames_areRefused() {
    for (Object groups :
        List.of("sre", List.of(1), List.of("sre\u0000x"), List.of("x".repeat(257)))) {
      Throwable thrown =
          catchThrowable(
              () ->
                  authenticator.authenticate(
                      request(
                          Map.of(
                              "email",
                              "alice@example.com",
                              "email_verified",
                              true,
                              "roles",
                              groups))));

      assertThat(thrown)
          .isInstanceOf(UnauthenticatedException.class)
          .hasMessageContaining("list of names");
    }
  }

  @Test
  void emailWithoutEmailVerified_isRefusedByDefault() {
    // Issue 8, item 4: a missing email_verified used to be accepted.
    assertThat(
            catchThrowable(
                () -> authenticator.authenticate(request(Map.of("email", "alice@example.com")))))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("not verified");
  }

  @Test
  void mappedStableClaim_namesTheMappedPerson_andAnUnmappedOneIsRefused() {
    FrontDoorAuthenticator mapped =
        new FrontDoorAuthenticator(
            new ClaimsMapper(
                new ClaimsMapper.Identity.MappedClaim(
                    "oid",
                    Map.of(
                        "2f1c7c2e-0000-4000-8000-000000000001", new UserId("carol@example.com"))),
                "groups"),
            "sign in");

    Caller carol =
        mapped.authenticate(
            request(
                Map.of(
                    "oid", "2f1c7c2e-0000-4000-8000-000000000001",
                    // A mutable claim that says otherwise is ignored.
                    "email", "dave@example.com")));

    assertThat(carol.email().email()).isEqualTo("carol@example.com");
    assertThat(
            catchThrowable(
                () ->
                    mapped.authenticate(
                        request(Map.of("oid", "unknown", "email", "carol@example.com")))))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("not mapped");
  }

  @Test
  void missingOrInvalidEmail_isRefused() {
    for (Map<String, Object> claims :
        List.<Map<String, Object>>of(Map.of("sub", "u-1"), Map.of("email", "not an address"))) {
      assertThat(catchThrowable(() -> authenticator.authenticate(request(claims))))
          .isInstanceOf(UnauthenticatedException.class)
          .hasMessageContaining("no valid e-mail address");
    }
  }

  private static HttpRequest request(Map<String, Object> claims) {
    return new HttpRequest("GET", "/api/v1/entitlements", Map.of(), Map.of(), new byte[0])
        .withFrontDoorClaims(claims);
  }
}
