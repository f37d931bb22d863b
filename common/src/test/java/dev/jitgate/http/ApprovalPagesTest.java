package dev.jitgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.Notification;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ApprovalPagesTest {
  private static final String ALICE = "alice@example.com";
  private final ApiClient api = new ApiClient();

  @AfterEach
  void close() {
    api.close();
  }

  private String linkFor(String requestId, String approver) {
    return api.h.notifier.sent(Notification.Kind.NEW_REQUEST).stream()
        .filter(n -> n.request().id().value().equals(requestId))
        .flatMap(n -> n.invites().stream())
        .filter(i -> i.approver().email().equals(approver))
        .map(i -> "/approvals/" + i.token())
        .findFirst()
        .orElseThrow();
  }

  private AccessRequest stored(String id) {
    return api.h.stored(new RequestId(id));
  }

  @Test
  void get_showsTheRequestWithButtons_andChangesNothing() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-42: restore");
    long version = stored(id).version();

    HttpResponse page = api.get(linkFor(id, "carol@example.com"), null);
    HttpResponse again = api.get(linkFor(id, "carol@example.com"), null);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.bodyText().replace("<wbr>", ""))
        .contains(
            "<h1>alice@example.com asks for Storage admin on production on projects/acme-prod"
                + " for 1 hour</h1>",
            id,
            "gcp-prod-storage-admin",
            "<dt>Role</dt><dd>roles/storage.admin</dd>",
            "INC-42: restore",
            "<dt>Duration</dt><dd>1 hour</dd>",
            "Not granted gcp-prod-storage-admin in the last 30 days")
        .contains("value=\"approve\"", "value=\"deny\"", "<form method=\"post\">");
    assertThat(again.status()).isEqualTo(200);
    assertThat(stored(id).version()).isEqualTo(version);
    assertThat(api.h.gcp.calls()).isEmpty();
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void get_escapesEveryUserText() {
    String id =
        api.create(
            ALICE, "gcp-prod-storage-admin", "INC-1 <script>alert('x')</script> & \\\"q\\\"");

    String html = api.get(linkFor(id, "carol@example.com"), null).bodyText().replace("<wbr>", "");

    assertThat(html)
        .doesNotContain("<script>")
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
  }

  @Test
  void post_approvesOnce_thenShowsTheRecordedDecisionWith409() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    String link = linkFor(id, "carol@example.com");

    HttpResponse first = api.form(link, "decision=approve&comment=ok");
    HttpResponse second = api.form(link, "decision=approve");

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.bodyText().replace("<wbr>", ""))
        .contains(
            "You approved: alice@example.com asks for Storage admin on production on"
                + " projects/acme-prod for 1 hour",
            "now <strong>active</strong>");
    assertThat(stored(id).state()).isEqualTo(RequestState.ACTIVE);
    assertThat(stored(id).approvals().get(0).comment()).isEqualTo("ok");
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.bodyText()).contains("You approved this request at");
    assertThat(api.h.gcp.grants()).hasSize(1);
  }

  @Test
  void oneLink_thatApproved_cannotDenyAfterwards() {
    // Issue 8, item 7: one approver makes one decision per request, by any channel.
    String id = api.create(ALICE, "gcp-prod-two-person", "");
    String link = linkFor(id, "carol@example.com");

    HttpResponse approved = api.form(link, "decision=approve");
    HttpResponse denied = api.form(link, "decision=deny&comment=changed+my+mind");

    assertThat(approved.status()).isEqualTo(200);
    assertThat(denied.status()).isEqualTo(409);
    assertThat(stored(id).state()).isEqualTo(RequestState.PENDING);
    assertThat(stored(id).denial()).isNull();
    assertThat(stored(id).approvals()).hasSize(1);
  }

  @Test
  void crossSiteFormPost_isRefused_andChangesNothing() {
    // Issue 8, item 8: under a cookie-based front door a cross-site form could decide otherwise.
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    String link = linkFor(id, "carol@example.com");

    HttpResponse r =
        api.call(
            "POST",
            link,
            null,
            java.util.Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "Origin", "https://evil.example",
                "Host", "jit.example.com"),
            "decision=approve".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(r.status()).isEqualTo(403);
    assertThat(r.bodyText()).contains("another origin");
    assertThat(stored(id).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void sameOriginFormPost_withTheNullOriginANoReferrerPageSends_isAccepted() {
    // Our pages set Referrer-Policy: no-referrer, so the browser's Origin is "null";
    // Sec-Fetch-Site still says same-origin.
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    HttpResponse r =
        api.call(
            "POST",
            linkFor(id, "carol@example.com"),
            null,
            java.util.Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "Origin", "null",
                "Sec-Fetch-Site", "same-origin",
                "Host", "127.0.0.1:8080"),
            "decision=approve".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(r.status()).isEqualTo(200);
    assertThat(stored(id).state()).isEqualTo(RequestState.ACTIVE);
  }

  @Test
  void formWithMalformedUtf8_is400_andChangesNothing() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");

    HttpResponse r = api.form(linkFor(id, "carol@example.com"), "decision=approve&comment=%C0%AF");

    assertThat(r.status()).isEqualTo(400);
    assertThat(stored(id).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void post_deny_needsAReason_andRecordsIt() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    String link = linkFor(id, "erin@example.com");

    HttpResponse noReason = api.form(link, "decision=deny");
    HttpResponse denied = api.form(link, "decision=deny&comment=use+read-only");

    assertThat(noReason.status()).isEqualTo(400);
    assertThat(denied.status()).isEqualTo(200);
    assertThat(stored(id).denial().reason()).isEqualTo("use read-only");
    assertThat(api.form(linkFor(id, "carol@example.com"), "decision=approve").status())
        .isEqualTo(409);
  }

  @Test
  void badTamperedOrExpiredToken_gets403RevealingNothing() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1 secret-plan");
    String link = linkFor(id, "carol@example.com");
    String tampered = link.substring(0, link.length() - 2) + (link.endsWith("A") ? "BB" : "AA");

    HttpResponse garbage = api.get("/approvals/not-a-token", null);
    HttpResponse forged = api.form(tampered, "decision=approve");
    api.h.clock.advance(Duration.ofHours(25));
    HttpResponse expired = api.get(link, null);

    for (HttpResponse r : new HttpResponse[] {garbage, forged, expired}) {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.bodyText())
          .doesNotContain(id)
          .doesNotContain("secret-plan")
          .doesNotContain(ALICE);
    }
    assertThat(stored(id).approvals()).isEmpty();
  }

  @Test
  void post_thatIsNotAForm_is415_andUnknownDecisionIs400() {
    String id = api.create(ALICE, "gcp-prod-storage-admin", "INC-1");
    String link = linkFor(id, "carol@example.com");

    assertThat(api.post(link, null, "{\"decision\":\"approve\"}").status()).isEqualTo(415);
    assertThat(api.form(link, "decision=maybe").status()).isEqualTo(400);
    assertThat(stored(id).state()).isEqualTo(RequestState.PENDING);
  }

  @Test
  void signInRequired_refusesAnonymousDecisions_andAcceptsTheSignedInApprover() {
    api.h.usePolicy(
        dev.jitgate.service.ServiceHarness.POLICY.replace(
            "approvals: 2\n", "approvals: 2\n    signInRequired: true\n"));
    String id = api.create(ALICE, "gcp-prod-two-person", "");
    String link = linkFor(id, "carol@example.com");

    HttpResponse anonymous = api.form(link, "decision=approve");
    HttpResponse someoneElse =
        api.call(
            "POST",
            link,
            "erin@example.com",
            java.util.Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "decision=approve".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse carol =
        api.call(
            "POST",
            link,
            "carol@example.com",
            java.util.Map.of("Content-Type", "application/x-www-form-urlencoded"),
            "decision=approve".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(anonymous.status()).isEqualTo(403);
    assertThat(anonymous.bodyText()).contains("sign in as carol@example.com");
    assertThat(someoneElse.status()).isEqualTo(403);
    assertThat(carol.status()).isEqualTo(200);
    assertThat(stored(id).approvals()).hasSize(1);
  }
}
