package dev.jitgate.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the local runner with SIGKILL while requests, approvals and revokes run in parallel, three
 * times, then restarts it on the same data folder and checks that every write it acknowledged is
 * there, that grants and ACTIVE requests match once the startup sweep has run, that no approver
 * counts twice and that every audit chain verifies. The kill moments come from a fixed seed.
 */
class CrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 0x5EED_C4A5L;
  private static final int ROUNDS = 3;
  private static final int WORKERS = 6;
  private static final Set<String> FINAL =
      Set.of("DENIED", "CANCELLED", "TIMED_OUT", "EXPIRED", "REVOKED", "FAILED");

  // One requester per worker keeps each requester's list well under the API's 200 rows.
  private static final String POLICY =
      """
      groups:
        sre: [u0@example.com, u1@example.com, u2@example.com, u3@example.com, u4@example.com,
              u5@example.com]
        leads: [carol@example.com, dave@example.com]
      entitlements:
        - id: gcp-crash
          description: One artifact per request
          grant: {kind: gcp.iam-binding, resource: projects/acme-crash, role: roles/viewer}
          requesters: [group:sre]
          approvers: [group:leads]
          approvals: 1
          duration: {default: PT1H, min: PT5M, max: PT2H}
        - id: aws-crash
          description: One shared artifact per requester, two approvers
          grant:
            kind: aws.identity-center
            instanceArn: arn:aws:sso:::instance/ssoins-72230cbe5c2b4a1f
            identityStoreId: d-906700aa11
            permissionSetArn: arn:aws:sso:::permissionSet/ssoins-72230cbe5c2b4a1f/ps-4f1e2d3c4b5a6978
            accountId: "111122223333"
          requesters: [group:sre]
          approvers: [group:leads]
          approvals: 2
          duration: {default: PT1H, min: PT5M, max: PT2H}
      """;

  /** A write the runner answered 2xx, with what it answered. */
  private record Ack(
      String id, String requester, String op, long version, String state, String by) {}

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();

  @TempDir Path dir;

  @Test
  void killedMidLoad_threeTimes_losesNoAcknowledgedWrite_andLeavesNoGrantWithoutActiveRequest()
      throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, POLICY);
    Path data = dir.resolve("data");
    Random kills = new Random(SEED);

    for (int round = 0; round < ROUNDS; round++) {
      ChildRunner runner = ChildRunner.start(policy, data, "PT1S");
      AtomicBoolean stop = new AtomicBoolean();
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        Random random = new Random(SEED + 31L * round + w);
        String requester = "u" + w + "@example.com";
        Thread t = new Thread(() -> work(runner.base(), requester, random, stop), "worker-" + w);
        t.start();
        workers.add(t);
      }
      Thread.sleep(1500 + kills.nextInt(2000));
      runner.kill();
      startupSweeps(round, runner);
      stop.set(true);
      for (Thread t : workers) {
        t.join(10_000);
      }
    }

    ChildRunner runner = ChildRunner.start(policy, data, "PT1S");
    try {
      boolean swept = runner.awaitLine(l -> l.startsWith("startup sweep:"), Duration.ofSeconds(20));
      startupSweeps(ROUNDS, runner);
      Findings f = inspect(runner.base());
      System.out.println(
          "crash test: "
              + acks.size()
              + " acknowledged writes over "
              + ROUNDS
              + " kills; lost "
              + f.lost.size()
              + ", orphan grants "
              + f.orphanGrants.size()
              + ", ACTIVE without grant "
              + f.activeWithoutGrant.size()
              + ", approvers counted twice "
              + f.doubleApprovals.size()
              + ", broken chains "
              + f.brokenChains.size()
              + ", requests checked "
              + f.checked);
      f.lost.forEach(l -> System.out.println("lost: " + l));
      f.orphanGrants.forEach(l -> System.out.println("orphan grant: " + l));
      f.activeWithoutGrant.forEach(l -> System.out.println("ACTIVE without grant: " + l));
      f.brokenChains.forEach(l -> System.out.println("broken chain: " + l));

      assertThat(swept).as("the restarted runner reports its startup sweep").isTrue();
      assertThat(acks).as("the load made acknowledged writes").hasSizeGreaterThan(20);
      assertThat(f.lost).as("acknowledged writes lost").isEmpty();
      assertThat(f.orphanGrants).as("grants without an ACTIVE request").isEmpty();
      assertThat(f.activeWithoutGrant).as("ACTIVE requests without a grant").isEmpty();
      assertThat(f.doubleApprovals).as("approvers counted twice").isEmpty();
      assertThat(f.brokenChains).as("audit chains that do not verify").isEmpty();
    } finally {
      runner.kill();
    }
  }

  private static void startupSweeps(int round, ChildRunner runner) {
    runner.notable().stream()
        .filter(l -> l.startsWith("startup sweep:"))
        .forEach(l -> System.out.println("start " + round + ": " + l));
  }

  private void work(String base, String requester, Random random, AtomicBoolean stop) {
    try {
      while (!stop.get()) {
        boolean shared = random.nextBoolean();
        String entitlement = shared ? "aws-crash" : "gcp-crash";
        HttpResponse<String> created =
            post(base, "/api/v1/requests", requester, "{\"entitlement\":\"" + entitlement + "\"}");
        if (created.statusCode() != 201) {
          continue;
        }
        JsonNode r = ack(created, requester, "create", null);
        String id = r.get("id").asText();
        List<String> approvers = shared ? List.of("carol", "dave") : List.of("carol");
        for (String approver : approvers) {
          String who = approver + "@example.com";
          HttpResponse<String> approved =
              post(base, "/api/v1/requests/" + id + "/approve", who, "{\"comment\":\"ok\"}");
          if (approved.statusCode() == 200) {
            ack(approved, requester, "approve", who);
          }
        }
        if (random.nextInt(3) > 0) {
          HttpResponse<String> revoked =
              post(base, "/api/v1/requests/" + id + "/revoke", requester, "{\"reason\":\"done\"}");
          if (revoked.statusCode() == 200) {
            ack(revoked, requester, "revoke", requester);
          }
        }
      }
    } catch (IOException e) {
      // The runner was killed: this worker's round is over.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private JsonNode ack(HttpResponse<String> response, String requester, String op, String by)
      throws IOException {
    JsonNode r = JSON.readTree(response.body());
    acks.add(
        new Ack(
            r.get("id").asText(),
            requester,
            op,
            r.get("version").asLong(),
            r.get("state").asText(),
            by));
    return r;
  }

  private static final class Findings {
    final List<String> lost = new ArrayList<>();
    final List<String> orphanGrants = new ArrayList<>();
    final List<String> activeWithoutGrant = new ArrayList<>();
    final List<String> doubleApprovals = new ArrayList<>();
    final List<String> brokenChains = new ArrayList<>();
    int checked;
  }

  private Findings inspect(String base) throws Exception {
    Findings f = new Findings();
    Map<String, JsonNode> requests = new HashMap<>();
    Map<String, String> requesterOf = new HashMap<>();
    for (Ack a : acks) {
      requesterOf.put(a.id(), a.requester());
    }
    for (int w = 0; w < WORKERS; w++) {
      String requester = "u" + w + "@example.com";
      for (JsonNode r :
          JSON.readTree(get(base, "/api/v1/requests", requester).body()).get("requests")) {
        requests.put(r.get("id").asText(), r);
        requesterOf.put(r.get("id").asText(), requester);
      }
    }
    for (String id : requesterOf.keySet()) {
      if (!requests.containsKey(id)) {
        HttpResponse<String> one = get(base, "/api/v1/requests/" + id, requesterOf.get(id));
        if (one.statusCode() == 200) {
          requests.put(id, JSON.readTree(one.body()));
        }
      }
    }

    for (Ack a : acks) {
      JsonNode stored = requests.get(a.id());
      String problem = stored == null ? "the request is gone" : lostPart(a, stored);
      if (problem != null) {
        f.lost.add(a + ": " + problem);
      }
    }

    JsonNode grants = JSON.readTree(get(base, "/local/grants", "carol@example.com").body());
    Set<String> grantedRequests = new HashSet<>();
    Set<String> sharedGrants = new HashSet<>();
    for (JsonNode g : grants.get("grants")) {
      if (g.get("kind").asText().equals("aws.identity-center")) {
        sharedGrants.add(g.get("principal").asText());
        boolean held =
            requests.values().stream()
                .anyMatch(
                    r ->
                        r.get("state").asText().equals("ACTIVE")
                            && r.get("entitlement").asText().equals("aws-crash")
                            && r.get("requester").asText().equals(g.get("principal").asText()));
        if (!held) {
          f.orphanGrants.add(g.toString());
        }
      } else {
        grantedRequests.add(g.get("requestId").asText());
        JsonNode r = requests.get(g.get("requestId").asText());
        if (r == null || !r.get("state").asText().equals("ACTIVE")) {
          f.orphanGrants.add(g + " -> " + (r == null ? "no request" : r.get("state").asText()));
        }
      }
    }

    for (JsonNode r : requests.values()) {
      f.checked++;
      String id = r.get("id").asText();
      boolean active = r.get("state").asText().equals("ACTIVE");
      boolean granted =
          r.get("entitlement").asText().equals("aws-crash")
              ? sharedGrants.contains(r.get("requester").asText())
              : grantedRequests.contains(id);
      if (active && !granted) {
        f.activeWithoutGrant.add(id);
      }
      List<String> approvers = new ArrayList<>();
      r.get("approvals").forEach(a -> approvers.add(a.get("approver").asText()));
      HttpResponse<String> auditResponse =
          get(base, "/api/v1/requests/" + id + "/audit", requesterOf.get(id));
      if (auditResponse.statusCode() != 200) {
        f.brokenChains.add(id + ": " + auditResponse.statusCode() + " " + auditResponse.body());
        continue;
      }
      JsonNode audit = JSON.readTree(auditResponse.body());
      List<String> approvedEvents = new ArrayList<>();
      for (JsonNode e : audit.get("events")) {
        if (e.get("type").asText().equals("approved")) {
          approvedEvents.add(e.get("actor").asText());
        }
      }
      if (new LinkedHashSet<>(approvers).size() != approvers.size()
          || new LinkedHashSet<>(approvedEvents).size() != approvedEvents.size()) {
        f.doubleApprovals.add(id + " " + approvers + " " + approvedEvents);
      }
      if (!audit.get("chainValid").asBoolean()) {
        f.brokenChains.add(id);
      }
    }
    return f;
  }

  /** What of the acknowledged write is missing from the stored request; null when nothing. */
  private static String lostPart(Ack a, JsonNode stored) {
    long version = stored.get("version").asLong();
    String state = stored.get("state").asText();
    if (version < a.version()) {
      return "stored at version " + version + " (" + state + ")";
    }
    if (FINAL.contains(a.state()) && !state.equals(a.state())) {
      return "stored as " + state;
    }
    if (a.op().equals("approve")) {
      boolean there = false;
      for (JsonNode approval : stored.get("approvals")) {
        there |= approval.get("approver").asText().equals(a.by());
      }
      if (!there) {
        return "the approval by " + a.by() + " is gone";
      }
    }
    return null;
  }

  private HttpResponse<String> post(String base, String path, String user, String body)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("X-Jitgate-User", user)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String base, String path, String user)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("X-Jitgate-User", user)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
