package dev.jitgate.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.domain.Caller;
import dev.jitgate.port.UnauthenticatedException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a caller from the claims API Gateway's JWT authorizer passes, all of them text. */
class ApiGatewayJwtAuthenticatorTest {
  private final ApiGatewayJwtAuthenticator cognito =
      new ApiGatewayJwtAuthenticator("email", "cognito:groups");

  private Caller signIn(ApiGatewayJwtAuthenticator authenticator, Map<String, String> claims) {
    return AuthorizerClaims.during(
        claims, () -> authenticator.authenticate(name -> Optional.empty()));
  }

  @Test
  void flattenedListClaim_givesEachGroup() {
    assertThat(ApiGatewayJwtAuthenticator.groups("[sre sre-leads oncall]"))
        .containsExactly("sre", "sre-leads", "oncall");
  }

  @Test
  void singleGroup_commaSeparatedAndJsonStyleLists_areReadToo() {
    assertThat(ApiGatewayJwtAuthenticator.groups("sre")).containsExactly("sre");
    assertThat(ApiGatewayJwtAuthenticator.groups("sre, oncall")).containsExactly("sre", "oncall");
    assertThat(ApiGatewayJwtAuthenticator.groups("[\"sre\",\"oncall\"]"))
        .containsExactly("sre", "oncall");
    assertThat(ApiGatewayJwtAuthenticator.groups("[]")).isEmpty();
    assertThat(ApiGatewayJwtAuthenticator.groups(null)).isEmpty();
  }

  @Test
  void configuredGroupsClaim_isTheOneRead() {
    Caller caller =
        signIn(
            cognito,
            Map.of(
                "sub", "2f1e7c3a",
                "email", "alice@example.com",
                "groups", "[ignored]",
                "cognito:groups", "[sre-leads]"));

    assertThat(caller.email().email()).isEqualTo("alice@example.com");
    assertThat(caller.subject()).isEqualTo("2f1e7c3a");
    assertThat(caller.groups()).containsExactly("sre-leads");
    assertThat(caller.claims()).containsEntry("cognito:groups", "[sre-leads]");
  }

  @Test
  void noClaimsInScope_isUnauthenticated() {
    Throwable thrown = catchThrowable(() -> cognito.authenticate(name -> Optional.of("Bearer x")));

    assertThat(thrown)
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("API Gateway");
  }

  @Test
  void claimsWithoutAValidEmail_areUnauthenticated() {
    Throwable thrown =
        catchThrowable(() -> signIn(cognito, Map.of("sub", "2f1e7c3a", "email", "not-an-address")));

    assertThat(thrown).isInstanceOf(UnauthenticatedException.class).hasMessageContaining("e-mail");
  }

  @Test
  void claimsAreOutOfScopeOnceTheInvocationEnds_evenWhenItFails() {
    catchThrowable(
        () ->
            AuthorizerClaims.during(
                Map.of("email", "alice@example.com"),
                () -> {
                  throw new IllegalStateException("the router failed");
                }));

    assertThat(AuthorizerClaims.current()).isEmpty();
  }
}
