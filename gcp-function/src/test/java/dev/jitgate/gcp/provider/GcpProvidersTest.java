package dev.jitgate.gcp.provider;

import static dev.jitgate.gcp.provider.GcpGrants.PROJECT;
import static dev.jitgate.gcp.provider.GcpGrants.SERVICE_ACCOUNT;
import static dev.jitgate.gcp.provider.GcpGrants.T0;
import static dev.jitgate.gcp.provider.GcpGrants.binding;
import static dev.jitgate.gcp.provider.GcpGrants.jitgateBinding;
import static dev.jitgate.gcp.provider.GcpGrants.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.domain.GrantKind;
import dev.jitgate.gcp.GcpProviders;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.CredentialIssuer;
import dev.jitgate.port.ProviderException;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The factory the Google wiring calls builds one working provider per Google grant kind, and makes
 * each Google client only when a grant or token first needs it.
 */
class GcpProvidersTest {
  private final MutableClock clock = new MutableClock(T0);
  private final InProcessGoogle google = new InProcessGoogle(clock);
  private final AtomicInteger projectsMade = new AtomicInteger();
  private final AtomicInteger foldersMade = new AtomicInteger();
  private final AtomicInteger organizationsMade = new AtomicInteger();
  private final AtomicInteger credentialsMade = new AtomicInteger();

  @AfterEach
  void close() {
    google.close();
  }

  private static <T> Supplier<T> counting(AtomicInteger made, T client) {
    return () -> {
      made.incrementAndGet();
      return client;
    };
  }

  private List<AccessProvider> providers() {
    return GcpProviders.create(
        counting(projectsMade, google.projects),
        counting(foldersMade, google.folders),
        counting(organizationsMade, google.organizations),
        counting(credentialsMade, google.credentials),
        clock,
        new RecordingSleeper());
  }

  @Test
  void create_buildsABindingProviderAndATokenIssuerOnTheGivenClients() {
    // given
    google.resourceManager.create(PROJECT);
    google.iamCredentials.createServiceAccount(SERVICE_ACCOUNT);

    // when
    List<AccessProvider> providers = providers();

    // then
    assertThat(providers)
        .extracting(AccessProvider::kind)
        .containsExactly(GrantKind.GCP_IAM_BINDING, GrantKind.GCP_SERVICE_ACCOUNT_TOKEN);
    providers.get(0).grant(binding("req-0001-alice"));
    assertThat(google.resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(jitgateBinding("req-0001-alice"));
    assertThat(providers.get(0)).isNotInstanceOf(CredentialIssuer.class);
    assertThat(
            ((CredentialIssuer) providers.get(1))
                .issue(token("req-0002-token", Duration.ofHours(1)), clock.instant())
                .type())
        .isEqualTo("bearer-token");
  }

  @Test
  void create_makesNoClient_untilAGrantOrTokenNeedsOne_andThenOnlyThatOneOnce() {
    // given
    google.resourceManager.create(PROJECT);
    google.iamCredentials.createServiceAccount(SERVICE_ACCOUNT);

    // when
    List<AccessProvider> providers = providers();

    // then
    assertThat(List.of(projectsMade, foldersMade, organizationsMade, credentialsMade))
        .allSatisfy(made -> assertThat(made).hasValue(0));
    providers.get(0).grant(binding("req-0001-alice"));
    providers.get(0).revoke(binding("req-0001-alice"));
    assertThat(projectsMade).hasValue(1);
    assertThat(List.of(foldersMade, organizationsMade, credentialsMade))
        .allSatisfy(made -> assertThat(made).hasValue(0));
    CredentialIssuer issuer = (CredentialIssuer) providers.get(1);
    issuer.issue(token("req-0002-token", Duration.ofHours(1)), clock.instant());
    issuer.issue(token("req-0002-token", Duration.ofHours(1)), clock.instant());
    assertThat(credentialsMade).hasValue(1);
  }

  @Test
  void grant_whenItsClientCannotBeMade_failsNamingIt_andTheNextGrantMakesItAgain() {
    // given
    google.resourceManager.create(PROJECT);
    AtomicInteger attempts = new AtomicInteger();
    List<AccessProvider> providers =
        GcpProviders.create(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new ProviderException(
                    "cannot create the Resource Manager projects client: no credentials");
              }
              return google.projects;
            },
            () -> google.folders,
            () -> google.organizations,
            () -> google.credentials,
            clock,
            new RecordingSleeper());

    // when / then
    assertThatThrownBy(() -> providers.get(0).grant(binding("req-0001-alice")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("Resource Manager projects client");
    providers.get(0).grant(binding("req-0001-alice"));
    assertThat(attempts).hasValue(2);
    assertThat(google.resourceManager.policy(PROJECT).getBindingsList())
        .containsExactly(jitgateBinding("req-0001-alice"));
  }
}
