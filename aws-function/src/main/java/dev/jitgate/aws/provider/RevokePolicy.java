package dev.jitgate.aws.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The inline role policy of an early revoke: deny everything to sessions with the requester's
 * SourceIdentity that were issued before the revoke (IAM User Guide, "Revoking IAM role temporary
 * security credentials": the {@code aws:TokenIssueTime} condition).
 */
final class RevokePolicy {
  /** IAM quotas: a role's inline policies hold at most 10,240 characters in all. */
  static final int MAX_ROLE_POLICY_CHARS = 10_240;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ISSUE_TIME = "aws:TokenIssueTime";

  private RevokePolicy() {}

  /**
   * The document for {@code sourceIdentity}, cutting off at {@code now} rounded up to the second:
   * IAM compares whole-second ISO-8601 times, and rounding down would spare a session issued in the
   * same second just before the revoke.
   */
  static String document(String sourceIdentity, Instant now) {
    Instant cutoff = now.truncatedTo(ChronoUnit.SECONDS);
    if (cutoff.isBefore(now)) {
      cutoff = cutoff.plusSeconds(1);
    }
    ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
    ObjectNode statement = policy.putArray("Statement").addObject();
    statement.put("Sid", "JitgateRevokeEarlierSessions");
    statement.put("Effect", "Deny");
    statement.put("Action", "*");
    statement.put("Resource", "*");
    ObjectNode condition = statement.putObject("Condition");
    condition.putObject("StringEquals").put("aws:SourceIdentity", sourceIdentity);
    condition
        .putObject("DateLessThan")
        .put(ISSUE_TIME, DateTimeFormatter.ISO_INSTANT.format(cutoff));
    String document = policy.toString();
    if (document.length() > MAX_ROLE_POLICY_CHARS) {
      throw new IllegalStateException("a revoke policy is far below IAM's size limit");
    }
    return document;
  }

  /**
   * The cut-off time of a revoke policy as GetRolePolicy returns it (IAM API reference,
   * GetRolePolicy: the document is URL-encoded), or empty when it is not one of ours.
   */
  static Optional<Instant> cutoff(String urlEncodedDocument) {
    try {
      JsonNode policy =
          JSON.readTree(URLDecoder.decode(urlEncodedDocument, StandardCharsets.UTF_8));
      JsonNode time = policy.path("Statement").path(0).path("Condition").path("DateLessThan");
      return time.path(ISSUE_TIME).isTextual()
          ? Optional.of(Instant.parse(time.path(ISSUE_TIME).asText()))
          : Optional.empty();
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
