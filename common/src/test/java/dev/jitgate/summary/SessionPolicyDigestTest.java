package dev.jitgate.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionPolicyDigestTest {

  @Test
  void lines_groupStatementsWithTheSameResources_intoOneLine() {
    String policy =
        """
        {"Version":"2012-10-17","Statement":[
         {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::logs/*"},
         {"Effect":"Allow","Action":["s3:GetObjectVersion","s3:GetObject"],"Resource":"arn:aws:s3:::logs/*"},
         {"Effect":"Allow","Action":"s3:ListBucket","Resource":["arn:aws:s3:::logs"],
          "Condition":{"StringLike":{"s3:prefix":"2026/*"}}},
         {"Effect":"Deny","NotAction":"s3:Get*","Resource":"*"}]}
        """;

    assertThat(SessionPolicyDigest.lines(policy))
        .containsExactly(
            "Allow s3:GetObject, s3:GetObjectVersion on arn:aws:s3:::logs/*",
            "Allow s3:ListBucket on arn:aws:s3:::logs, under conditions",
            "Deny every action except s3:Get* on *");
  }

  @Test
  void lines_withManyStatementsActionsAndResources_areCappedWithCounts() {
    List<String> statements = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      statements.add(
          "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b"
              + i
              + "/*\"}");
    }
    statements.add(
        "{\"Effect\":\"Allow\",\"Action\":[\"a:1\",\"a:2\",\"a:3\",\"a:4\",\"a:5\",\"a:6\",\"a:7\","
            + "\"a:8\",\"a:9\",\"a:10\"],\"Resource\":[\"r1\",\"r2\",\"r3\",\"r4\",\"r5\",\"r6\"]}");
    String policy = "{\"Statement\":[" + String.join(",", statements) + "]}";

    List<String> lines = SessionPolicyDigest.lines(policy);

    assertThat(lines).hasSize(SessionPolicyDigest.MAX_LINES);
    assertThat(lines.get(0)).isEqualTo("Allow s3:GetObject on arn:aws:s3:::b1/*");
    assertThat(lines.get(5)).isEqualTo("and 5 more statements");
    assertThat(SessionPolicyDigest.lines("{\"Statement\":" + statements.get(9) + "}"))
        .containsExactly(
            "Allow a:1, a:2, a:3, a:4, a:5, a:6, a:7 and 3 more actions on r1, r2, r3 and 3 more"
                + " resources");
  }

  @Test
  void lines_ofAPolicyThatIsNotJson_sayItCannotBeRead() {
    assertThat(SessionPolicyDigest.lines("{nope"))
        .containsExactly("a session policy that is not valid JSON (5 chars)");
  }
}
