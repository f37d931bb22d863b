package dev.jitgate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.JsonLinesAuditSink;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Approval;
import dev.jitgate.domain.Attention;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.port.SessionCredentials;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of API.md's objects: Entitlement, Request, AuditEvent, errors, credentials. */
public final class ApiJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ApiJson() {}

  static String write(ObjectNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree is always serializable", e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String error(String code, String message) {
    ObjectNode root = object();
    ObjectNode error = root.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return write(root);
  }

  static ObjectNode entitlement(Entitlement e) {
    ObjectNode node = object();
    node.put("id", e.id().value());
    node.put("description", e.description());
    node.put("cloud", e.cloud().id());
    node.put("kind", e.grant().kind().id());
    node.put("approvalsRequired", e.approvalsRequired());
    ObjectNode duration = node.putObject("duration");
    duration.put("default", e.duration().defaultDuration().toString());
    duration.put("min", e.duration().min().toString());
    duration.put("max", e.duration().max().toString());
    ObjectNode justification = node.putObject("justification");
    justification.put("required", e.justification().required());
    e.justification().pattern().ifPresent(p -> justification.put("pattern", p.pattern()));
    e.justification().hint().ifPresent(h -> justification.put("hint", h));
    return node;
  }

  /** API.md's Request object; webhooks send the same shape. */
  public static ObjectNode request(AccessRequest r) {
    ObjectNode node = object();
    node.put("id", r.id().value());
    node.put("entitlement", r.entitlement().value());
    node.put("cloud", r.cloud().id());
    node.put("requester", r.requester().email());
    node.put("state", r.state().name());
    node.put("justification", r.justification());
    node.put("duration", r.duration().toString());
    node.put("createdAt", r.createdAt().toString());
    node.put("approvalDeadline", r.approvalDeadline().toString());
    node.put("approvalsRequired", r.approvalsRequired());
    ArrayNode approvals = node.putArray("approvals");
    for (Approval a : r.approvals()) {
      ObjectNode approval = approvals.addObject();
      approval.put("approver", a.approver().email());
      approval.put("at", a.at().toString());
      approval.put("comment", a.comment() == null ? "" : a.comment());
    }
    if (r.denial() != null) {
      ObjectNode denial = node.putObject("denial");
      denial.put("by", r.denial().by().email());
      denial.put("at", r.denial().at().toString());
      denial.put("reason", r.denial().reason());
    }
    putTime(node, "activatedAt", r.activatedAt());
    putTime(node, "expiresAt", r.expiresAt());
    putTime(node, "endedAt", r.endedAt());
    if (r.endedBy() != null) {
      node.put("endedBy", r.endedBy());
      node.put("endReason", r.endReason());
    }
    attention(node, r.attention());
    extension(node, r);
    putTime(node, "startAt", r.startAt());
    node.put("version", r.version());
    return node;
  }

  /** Issue 14: reminder, escalation, break-glass and review, each present only once it applies. */
  private static void attention(ObjectNode node, Attention a) {
    putTime(node, "remindedAt", a.remindedAt());
    putTime(node, "escalatedAt", a.escalatedAt());
    if (a.breakGlass()) {
      node.put("breakGlass", true);
      if (a.review() == null) {
        node.put("review", "open");
      } else {
        ObjectNode review = node.putObject("review");
        review.put("outcome", a.review().outcome().id());
        review.put("by", a.review().by().email());
        review.put("at", a.review().at().toString());
        review.put("comment", a.review().comment());
      }
    }
  }

  /** Issue 14: the extension in progress, and how many were applied; absent when none. */
  private static void extension(ObjectNode node, AccessRequest r) {
    if (r.extensions() > 0) {
      node.put("extensions", r.extensions());
    }
    if (r.extension() == null) {
      return;
    }
    ObjectNode e = node.putObject("extension");
    e.put("duration", r.extension().by().toString());
    e.put("justification", r.extension().justification());
    e.put("requestedAt", r.extension().requestedAt().toString());
    e.put("approvalsRequired", r.extension().approvalsRequired());
    ArrayNode approvals = e.putArray("approvals");
    for (Approval a : r.extension().approvals()) {
      ObjectNode approval = approvals.addObject();
      approval.put("approver", a.approver().email());
      approval.put("at", a.at().toString());
      approval.put("comment", a.comment() == null ? "" : a.comment());
    }
    putTime(e, "newEnd", r.extension().newEnd());
  }

  static ObjectNode requests(List<AccessRequest> requests) {
    ObjectNode root = object();
    ArrayNode list = root.putArray("requests");
    requests.forEach(r -> list.add(request(r)));
    return root;
  }

  static ObjectNode audit(List<AuditEvent> events, boolean chainValid) {
    ObjectNode root = object();
    ArrayNode list = root.putArray("events");
    for (AuditEvent e : events) {
      JsonLinesAuditSink.fields(list.addObject(), e);
    }
    root.put("chainValid", chainValid);
    return root;
  }

  /**
   * API.md's Credentials: {@code type} tells the forms apart, and the AWS form keeps the fields it
   * had before there was a {@code type}.
   */
  static ObjectNode credentials(SessionCredentials c) {
    ObjectNode node = object();
    node.put("type", c.type());
    if (c instanceof SessionCredentials.AwsKeys aws) {
      node.put("accessKeyId", aws.accessKeyId());
      node.put("secretAccessKey", aws.secretAccessKey());
      node.put("sessionToken", aws.sessionToken());
    } else if (c instanceof SessionCredentials.BearerToken bearer) {
      node.put("accessToken", bearer.accessToken());
    }
    node.put("expiration", c.expiration().toString());
    return node;
  }

  private static void putTime(ObjectNode node, String name, Instant at) {
    if (at != null) {
      node.put(name, at.toString());
    }
  }
}
