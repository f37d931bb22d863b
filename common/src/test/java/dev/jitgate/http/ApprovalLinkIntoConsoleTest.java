package dev.jitgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.port.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The emailed approval page keeps working and links into the console's page of the request. */
class ApprovalLinkIntoConsoleTest {
  private final ApiClient api = new ApiClient();

  @AfterEach
  void close() {
    api.close();
  }

  @Test
  void approvalPage_linksToTheRequestInTheConsole_relativeToItsOwnPath() {
    String id = api.create("alice@example.com", "gcp-prod-storage-admin", "INC-42: restore");
    String link =
        api.h.notifier.sent(Notification.Kind.NEW_REQUEST).stream()
            .flatMap(n -> n.invites().stream())
            .filter(i -> i.approver().email().equals("carol@example.com"))
            .map(i -> "/approvals/" + i.token())
            .findFirst()
            .orElseThrow();

    HttpResponse page = api.get(link, null);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.bodyText())
        .contains("value=\"approve\"")
        .contains("<a href=\"../console/requests/" + id + "\">");
  }
}
