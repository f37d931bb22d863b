package dev.jitgate.multicloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.service.AccessService;
import dev.jitgate.service.SweepReport;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * One running deployment: its composition root's service, reached through its own cloud's front
 * door, and its sweep. Calls are made as people of the shared policy, with bearer tokens.
 */
final class Deployment implements AutoCloseable {
  final String name;
  final String baseUrl;
  private final FrontDoor door;
  private final AccessService service;
  private final People people;
  private final Clock clock;

  Deployment(String name, FrontDoor door, AccessService service, People people, Clock clock) {
    this.name = name;
    this.baseUrl = SharedSettings.baseUrl(name);
    this.door = door;
    this.service = service;
    this.people = people;
    this.clock = clock;
  }

  /** An API call as {@code who}; a non-null body is sent as JSON. */
  Answer call(String who, String method, String path, String json) {
    Map<String, String> headers = new HashMap<>();
    headers.put("Authorization", "Bearer " + people.token(who));
    headers.put("Accept", "application/json");
    if (json != null) {
      headers.put("Content-Type", "application/json");
    }
    return door.send(method, path, headers, json);
  }

  /** An API call that must answer {@code status}; its JSON body. */
  JsonNode expect(int status, String who, String method, String path, String json) {
    Answer answer = call(who, method, path, json);
    assertThat(answer.status())
        .as("%s %s on %s as %s: %s", method, path, name, who, answer.body())
        .isEqualTo(status);
    return answer.json();
  }

  /** {@code who} asks for {@code entitlement} for {@code duration}; the new request's id. */
  String request(String who, String entitlement, String duration) {
    JsonNode created =
        expect(
            201,
            who,
            "POST",
            "/api/v1/requests",
            "{\"entitlement\":\""
                + entitlement
                + "\",\"duration\":\""
                + duration
                + "\",\"justification\":\"INC-4711: restore the billing table\"}");
    assertThat(created.path("state").asText()).isEqualTo("PENDING");
    return created.path("id").asText();
  }

  /** {@code who} approves request {@code id} through this deployment's API; the request after. */
  JsonNode approve(String who, String id) {
    return expect(200, who, "POST", "/api/v1/requests/" + id + "/approve", "{}");
  }

  /** Request {@code id} as {@code who} sees it through this deployment. */
  JsonNode show(String who, String id) {
    return expect(200, who, "GET", "/api/v1/requests/" + id, null);
  }

  /** The state of request {@code id}, as carol, an approver of every entitlement, sees it. */
  String state(String id) {
    return show(People.CAROL, id).path("state").asText();
  }

  /** Opens an approval link of this deployment, as a mail reader's browser would. */
  Answer open(URI link) {
    return door.send("GET", local(link), Map.of("Accept", "text/html"), null);
  }

  /** Posts the approval page's form of {@code link} with {@code decision}. */
  Answer decide(URI link, String decision, String comment) {
    return door.send(
        "POST",
        local(link),
        Map.of(
            "Content-Type", "application/x-www-form-urlencoded",
            "Origin", baseUrl,
            "Sec-Fetch-Site", "same-origin"),
        "decision=" + decision + "&comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8));
  }

  /** The scheduled sweep of this deployment, run now by the shared clock. */
  SweepReport sweep() {
    return service.sweep(clock.instant());
  }

  /** The path of one of this deployment's own links; fails for another deployment's. */
  private String local(URI link) {
    assertThat(link.toString()).as("a link of deployment %s", name).startsWith(baseUrl + "/");
    return link.getRawPath();
  }

  @Override
  public void close() {
    door.close();
  }
}
