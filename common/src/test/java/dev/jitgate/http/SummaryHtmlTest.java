package dev.jitgate.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.store.TestRequests;
import dev.jitgate.summary.RequestSummary;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SummaryHtmlTest {

  @Test
  void wrappable_breaksLongWordsAfterSeparators_keepsShortOnesWhole_andEscapes() {
    assertThat(Html.wrappable("s3:GetObject on arn:aws:iam::123456789012:role/a<b>"))
        .isEqualTo(
            "s3:GetObject on arn:<wbr>aws:<wbr>iam:<wbr>:<wbr>123456789012:<wbr>role/<wbr>a&lt;b&gt;");
  }

  @Test
  void render_escapesHostileJustificationDescriptionAndComment() {
    AccessRequest approved =
        TestRequests.request()
            .justification("<img src=x onerror=alert(1)> & \"quoted\" 'single'")
            .approvals(2)
            .pending()
            .approve(TestRequests.approver(1), "<b>fine</b>", TestRequests.T0.plusSeconds(60));
    Entitlement e = TestRequests.entitlement("prod-read", TestRequests.gcpIamBinding(), 2);
    Entitlement hostile =
        new Entitlement(
            e.id(),
            "<script>x()</script>",
            e.grant(),
            e.requesters(),
            e.approvers(),
            2,
            e.duration(),
            e.justification(),
            e.approvalTimeout(),
            false,
            List.of());

    String html =
        SummaryHtml.render(
                RequestSummary.of(
                    approved, Optional.of(hostile), Optional.empty(), TestRequests.T0))
            .replace("<wbr>", "");

    assertThat(html)
        .doesNotContain("<img", "<script>", "<b>")
        .contains("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; &#39;single&#39;")
        .contains("prod-read: &lt;script&gt;x()&lt;/script&gt;")
        .contains("<q>&lt;b&gt;fine&lt;/b&gt;</q>");
  }
}
