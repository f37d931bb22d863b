package dev.jitgate.gcp.provider;

import static dev.jitgate.gcp.provider.GcpGrants.PROJECT;
import static dev.jitgate.gcp.provider.GcpGrants.SERVICE_ACCOUNT;
import static dev.jitgate.gcp.provider.GcpGrants.T0;
import static dev.jitgate.gcp.provider.GcpGrants.binding;
import static dev.jitgate.gcp.provider.GcpGrants.jitgateBinding;
import static dev.jitgate.gcp.provider.GcpGrants.token;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.GrantKind;
import dev.jitgate.gcp.GcpProviders;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.CredentialIssuer;
import dev.jitgate.testing.MutableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The factory the Google wiring calls builds one working provider per Google grant kind. */
class GcpProvidersTest {
  private final MutableClock clock = new MutableClock(T0);
  private final InProcessGoogle google = new InProcessGoogle(clock);

  @AfterEach
  void close() {
    google.close();
  }

  @Test
  void create_buildsABindingProviderAndATokenIssuerOnTheGivenClients() {
    // given
    google.resourceManager.create(PROJECT);
    google.iamCredentials.createServiceAccount(SERVICE_ACCOUNT);

    // when
    List<AccessProvider> providers =
        GcpProviders.create(
            google.projects,
            google.folders,
            google.organizations,
            google.credentials,
            clock,
            new RecordingSleeper());

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
}
