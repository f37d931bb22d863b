package dev.jitgate.slack;

import dev.jitgate.config.Environment;
import dev.jitgate.config.Jitgate;
import dev.jitgate.domain.Caller;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.policy.Policy;
import dev.jitgate.service.ServiceHarness;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import dev.jitgate.token.ApprovalTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link SlackColdPathTest}: builds a jitgate (with the policy's {@code
 * slack:} section when the argument is {@code slack}) and serves a request through its router.
 */
public final class ColdPathProbe {
  private ColdPathProbe() {}

  public static void main(String[] args) {
    boolean slack = args.length > 0 && args[0].equals("slack");
    String policy =
        (slack ? "slack: {botTokenEnv: T, signingSecretEnv: S, channel: C0123456789}\n" : "")
            + """
            entitlements:
              - id: prod-read
                grant: {kind: gcp.iam-binding, resource: projects/acme-prod, role: roles/viewer}
                requesters: [user:alice@example.com]
                approvers: [user:carol@example.com]
            """;
    Clock clock = Clock.systemUTC();
    try (JdbcRequestStore store = JdbcStores.h2Memory("probe")) {
      Map<String, String> env = Map.of("T", "xoxb-1-2-probe", "S", "probe-secret");
      Jitgate jitgate =
          Jitgate.builder(clock)
              .policy(Policy.parse(policy, "probe.yaml"))
              .tokens(new ApprovalTokens(List.of(ApprovalTokens.generateKey("k1")), "k1", clock))
              .auditKey(ServiceHarness.AUDIT_KEY)
              .baseUrl("https://jitgate.example.com")
              .store(store)
              .authenticator(request -> Caller.of("alice@example.com"))
              .chatEnvironment(new Environment(env::get))
              .build();
      int status =
          jitgate
              .router()
              .handle(
                  new HttpRequest(
                      "POST",
                      "/api/v1/requests",
                      Map.of(),
                      Map.of("content-type", "application/json"),
                      "{\"entitlement\":\"prod-read\"}".getBytes(StandardCharsets.UTF_8)))
              .status();
      System.out.println("probe answered " + status);
    }
  }
}
