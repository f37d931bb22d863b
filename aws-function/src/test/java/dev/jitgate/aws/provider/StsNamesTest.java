package dev.jitgate.aws.provider;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import org.junit.jupiter.api.Test;

class StsNamesTest {

  @Test
  void sourceIdentity_keepsAnAddressStsAllows() {
    assertThat(StsNames.sourceIdentity(new UserId("Dev.Ops+oncall@example.co.uk")))
        .isEqualTo("dev.ops+oncall@example.co.uk");
  }

  @Test
  void sourceIdentity_replacesRefusedCharacters_andKeepsPeopleApartByHash() {
    String quoted = StsNames.sourceIdentity(new UserId("o'brien@example.com"));
    String other = StsNames.sourceIdentity(new UserId("o!brien@example.com"));

    assertThat(quoted).matches("o_brien@example\\.com-[0-9a-f]{10}");
    assertThat(other).startsWith("o_brien@example.com-").isNotEqualTo(quoted);
  }

  @Test
  void sourceIdentity_cutsLongAddressesTo64_keepingThemDistinct() {
    String local = "a".repeat(60);
    String first = StsNames.sourceIdentity(new UserId(local + "@one.example.com"));
    String second = StsNames.sourceIdentity(new UserId(local + "@two.example.com"));

    assertThat(first).hasSize(64).matches("[\\w+=,.@-]{64}");
    assertThat(second).hasSize(64).isNotEqualTo(first);
  }

  @Test
  void sessionName_isTheRequestIdWithinStsLimits() {
    assertThat(StsNames.sessionName(new RequestId("AbC_-123xyz"))).isEqualTo("jitgate-AbC_-123xyz");
    assertThat(StsNames.sessionName(new RequestId("x".repeat(64))))
        .hasSize(64)
        .startsWith("jitgate-x");
  }

  @Test
  void roleName_dropsThePath() {
    assertThat(StsNames.roleName("arn:aws:iam::123456789012:role/ops/team/deploy"))
        .isEqualTo("deploy");
    assertThat(StsNames.roleName("arn:aws:iam::123456789012:role/deploy")).isEqualTo("deploy");
  }
}
