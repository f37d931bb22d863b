package dev.jitgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.audit.ExportVerifier;
import dev.jitgate.service.ServiceHarness;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/audit}: the export of a range as JSON Lines, for auditors only. */
class AuditExportEndpointTest {
  private static final String ALICE = "alice@example.com";
  private static final String CAROL = "carol@example.com";
  private static final String FRANK = "frank@example.com";
  private static final String DAY =
      "/api/v1/audit?from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z";
  private final ApiClient api = new ApiClient();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void export_asAnAuditor_returnsEveryEventOfTheRangeAsVerifiableJsonLines() {
    String first = api.create(ALICE, "gcp-prod-storage-admin", "INC-1: restore");
    String second = api.create(ALICE, "gcp-prod-storage-admin", "INC-2: restore");
    api.post("/api/v1/requests/" + first + "/approve", CAROL, "{}");

    HttpResponse r = api.get(DAY, FRANK);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("content-type")).isEqualTo("application/jsonl; charset=utf-8");
    List<String> lines = r.bodyText().lines().toList();
    ExportVerifier.Report report =
        ExportVerifier.verify(lines, Optional.of(ServiceHarness.AUDIT_KEY));
    assertThat(report.problems()).isEmpty();
    assertThat(report.requests()).isEqualTo(2);
    assertThat(lines).anyMatch(l -> l.contains(first) && l.contains("\"type\":\"approved\""));
    assertThat(lines).anyMatch(l -> l.contains(second) && l.contains("\"type\":\"requested\""));
    int trail =
        ApiClient.json(api.get("/api/v1/requests/" + first + "/audit", ALICE)).get("events").size();
    assertThat(lines.stream().filter(l -> l.contains("\"requestId\":\"" + first + "\"")))
        .hasSize(trail);
  }

  @Test
  void export_ofARangeBeforeTheEvents_holdsOnlyTheEndLine() {
    api.create(ALICE, "gcp-prod-storage-admin", "INC-1: restore");

    HttpResponse r =
        api.get("/api/v1/audit?from=2026-11-20T00:00:00Z&to=2026-11-21T09:59:59Z", FRANK);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText().lines().toList())
        .singleElement()
        .satisfies(l -> assertThat(l).contains("\"events\":0").contains("\"complete\":true"));
  }

  @Test
  void export_isStreamedByAFrontEndThatCan() {
    HttpRequest request =
        new HttpRequest(
            "GET",
            "/api/v1/audit",
            HttpRequest.parseQuery("from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z"),
            Map.of("X-Test-User", FRANK),
            null);

    StreamedResponse streamed = api.router.handleStreamed(request);

    assertThat(streamed.head().status()).isEqualTo(200);
    assertThat(streamed.body()).isNotNull();
    assertThat(streamed.buffered().bodyText()).contains("jitgate.audit.end");
  }

  @Test
  void export_forSomeoneOutsideTheAuditorsGroup_isForbidden() {
    assertThat(api.get(DAY, ALICE).status()).isEqualTo(403);
    assertThat(api.get(DAY, CAROL).bodyText()).contains("'auditors' group");
  }

  @Test
  void export_whenTheCallerOnlyClaimsTheAuditorsGroup_isForbidden() {
    HttpResponse r =
        api.call("GET", DAY, "mallory@example.com", Map.of("X-Test-Groups", "auditors"), null);

    assertThat(r.status()).isEqualTo(403);
  }

  @Test
  void export_withoutACaller_isUnauthenticated() {
    assertThat(api.get(DAY, null).status()).isEqualTo(401);
  }

  @Test
  void export_byPost_isNotAllowed() {
    assertThat(api.post("/api/v1/audit", FRANK, "{}").status()).isEqualTo(405);
  }

  @Test
  void export_withABadRange_answers400SayingWhy() {
    assertThat(error("/api/v1/audit?to=2026-11-22T00:00:00Z")).contains("'from' is required");
    assertThat(error("/api/v1/audit?from=yesterday&to=2026-11-22T00:00:00Z"))
        .contains("'from' is not an ISO-8601 instant");
    assertThat(error("/api/v1/audit?from=2026-11-22T00:00:00Z&to=2026-11-22T00:00:00Z"))
        .contains("'from' must be before 'to'");
    assertThat(error("/api/v1/audit?from=2026-10-01T00:00:00Z&to=2026-11-22T00:00:00Z"))
        .contains("at most 31 days");
    assertThat(error(DAY + "&limit=0")).contains("'limit' must be between 1 and 5000");
    assertThat(error(DAY + "&limit=5001")).contains("'limit' must be between 1 and 5000");
    assertThat(error(DAY + "&limit=ten")).contains("'limit' must be a whole number");
    assertThat(error(DAY + "&after=not-a-cursor")).contains("'after' is not a cursor");
  }

  private String error(String path) {
    HttpResponse r = api.get(path, FRANK);
    assertThat(r.status()).as(path).isEqualTo(400);
    return ApiClient.json(r).get("error").get("message").asText();
  }
}
