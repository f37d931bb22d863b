package dev.jitgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.jitgate.domain.Caller;
import dev.jitgate.policy.Policy;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.token.ApprovalTokens;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The builder reads the Slack secrets the policy names, and fails clearly without them. */
class SlackSettingTest {
  private static final String POLICY =
      """
      slack:
        botTokenEnv: SLACK_BOT_TOKEN
        signingSecretEnv: SLACK_SIGNING_SECRET
        channel: C0123456789
      entitlements:
        - id: prod-read
          grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
          requesters: [user:alice@example.com]
          approvers: [user:carol@example.com]
      """;

  private final JdbcRequestStore store = JdbcStores.h2Memory("slack-setting-" + UUID.randomUUID());
  private final Map<String, String> env = new HashMap<>();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void slackSection_withBothSecrets_addsTheNotifierAndTheInteractionRoute() {
    env.put("SLACK_BOT_TOKEN", "xoxb-123-456-secretvalue");
    env.put("SLACK_SIGNING_SECRET", "signing-secret-value");

    Jitgate jitgate = build();

    assertThat(jitgate.notifiers()).extracting(n -> n.name()).containsExactly("slack");
    // Unsigned: refused by the endpoint, which exists.
    assertThat(
            jitgate
                .router()
                .handle(
                    new dev.jitgate.http.HttpRequest(
                        "POST",
                        "/integrations/slack/interactions",
                        Map.of(),
                        Map.of(),
                        new byte[0]))
                .status())
        .isEqualTo(401);
  }

  @Test
  void slackSection_withoutTheBotToken_stopsTheStart_namingTheVariable() {
    env.put("SLACK_SIGNING_SECRET", "signing-secret-value");

    Throwable thrown = catchThrowable(this::build);

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("SLACK_BOT_TOKEN")
        .hasMessageNotContaining("signing-secret-value");
  }

  @Test
  void slackApiUrl_thatIsNoUrl_stopsTheStart() {
    env.put("SLACK_BOT_TOKEN", "xoxb-123-456-secretvalue");
    env.put("SLACK_SIGNING_SECRET", "signing-secret-value");
    env.put("JITGATE_SLACK_API_URL", "slack.com/api");

    Throwable thrown = catchThrowable(this::build);

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("JITGATE_SLACK_API_URL")
        .hasMessageNotContaining("xoxb");
  }

  @Test
  void policyWithoutSlack_servesNoInteractionRoute() {
    Jitgate jitgate =
        base(Policy.parse(POLICY.substring(POLICY.indexOf("entitlements:")), "p.yaml")).build();

    assertThat(jitgate.notifiers()).isEmpty();
    assertThat(
            jitgate
                .router()
                .handle(
                    new dev.jitgate.http.HttpRequest(
                        "POST",
                        "/integrations/slack/interactions",
                        Map.of(),
                        Map.of(),
                        new byte[0]))
                .status())
        .isEqualTo(404);
  }

  private Jitgate build() {
    return base(Policy.parse(POLICY, "p.yaml")).build();
  }

  private JitgateBuilder base(Policy policy) {
    Clock clock = Clock.systemUTC();
    return Jitgate.builder(clock)
        .policy(policy)
        .tokens(new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock))
        .auditKey(ServiceHarness.AUDIT_KEY)
        .baseUrl("https://jitgate.example.com")
        .store(store)
        .authenticator(request -> Caller.of("alice@example.com"))
        .chatEnvironment(new Environment(env::get));
  }
}
