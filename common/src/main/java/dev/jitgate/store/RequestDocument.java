package dev.jitgate.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditType;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Approval;
import dev.jitgate.domain.Attention;
import dev.jitgate.domain.Denial;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.Extension;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.PrincipalId;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.domain.Review;
import dev.jitgate.domain.Revocation;
import dev.jitgate.domain.UserId;
import dev.jitgate.domain.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON document in which every store keeps a whole request, audit events included. The format
 * carries its version in {@code "doc"}; any change to it needs a new version.
 *
 * <p>Version 2 added {@code grantStartedAt} and {@code revoking}, the intents stored before cloud
 * calls, and the {@code seal} of each audit event. A version 1 document is read as one without any
 * of them, so its events verify as unsealed. Version 3 added {@code requesterPrincipalId}, the
 * requester's Entra object id for Azure grants; older documents have none.
 *
 * <p>Version 4 added the optional {@code attention} block: reminder and escalation moments, the
 * break-glass flag and its review. It is absent (null) for a request with none of them, and every
 * older document is read as one without it.
 *
 * <p>Version 5 added {@code extension} (a pending or approved extension), {@code extensions} (how
 * many were applied) and {@code startAt} (a window asked for ahead); older documents have none of
 * them, which reads as no extension, none applied, and a window that starts at approval.
 */
public final class RequestDocument {

  /** The document version this build writes. */
  public static final int VERSION = 5;

  /** The oldest document version this build reads. */
  static final int OLDEST_READABLE = 1;

  // Strict on read: a field this build does not know would be lost when the request is written
  // back, so a document that has one is refused rather than silently trimmed.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private RequestDocument() {}

  /** The document for {@code request}. */
  public static String toJson(AccessRequest request) {
    Objects.requireNonNull(request, "request");
    Doc doc =
        new Doc(
            VERSION,
            request.id().value(),
            request.entitlement().value(),
            grantNode(request.grant()),
            request.requester().email(),
            List.copyOf(new TreeSet<>(request.requesterGroups())),
            request.requesterPrincipalId() == null ? null : request.requesterPrincipalId().value(),
            request.justification(),
            request.duration(),
            request.createdAt(),
            request.approvalDeadline(),
            request.approvalsRequired(),
            request.approvals().stream()
                .map(a -> new ApprovalDoc(a.approver().email(), a.at(), a.comment()))
                .toList(),
            request.denial() == null
                ? null
                : new DenialDoc(
                    request.denial().by().email(),
                    request.denial().at(),
                    request.denial().reason()),
            request.state().name(),
            request.window() == null
                ? null
                : new WindowDoc(request.window().start(), request.window().end()),
            request.activatedAt(),
            request.endedAt(),
            request.endedBy(),
            request.endReason(),
            request.attempts(),
            request.dueAt(),
            request.grantStartedAt(),
            request.revoking() == null
                ? null
                : new RevocationDoc(
                    request.revoking().by().email(),
                    request.revoking().reason(),
                    request.revoking().at()),
            request.version(),
            request.events().stream().map(RequestDocument::eventDoc).toList(),
            AttentionDoc.of(request.attention()),
            extensionDoc(request.extension()),
            request.extensions(),
            request.startAt());
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new DocumentException("request " + request.id() + " cannot be written as JSON", e);
    }
  }

  /**
   * The request a document holds.
   *
   * @throws DocumentException if the text is not a request document of version {@value
   *     #OLDEST_READABLE} to {@value #VERSION}
   */
  public static AccessRequest fromJson(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode tree;
    try {
      tree = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw new DocumentException(
          "the request document is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new DocumentException("the request document is not a JSON object");
    }
    JsonNode version = tree.get("doc");
    if (version == null || !version.isIntegralNumber()) {
      throw new DocumentException("the request document has no numeric document version ('doc')");
    }
    if (!version.canConvertToInt()
        || version.intValue() < OLDEST_READABLE
        || version.intValue() > VERSION) {
      throw new DocumentException(
          "request document version "
              + version.asText()
              + " is not supported: this build reads versions "
              + OLDEST_READABLE
              + " to "
              + VERSION);
    }
    if (version.intValue() < 5) {
      if (tree.hasNonNull("extension")
          || tree.path("extensions").asInt(0) != 0
          || tree.hasNonNull("startAt")) {
        throw new DocumentException(
            "a version " + version.intValue() + " request document has fields of version 5");
      }
      ((ObjectNode) tree).putNull("extension").put("extensions", 0).putNull("startAt");
    }
    if (version.intValue() < 4) {
      if (tree.hasNonNull("attention")) {
        throw new DocumentException(
            "a version " + version.intValue() + " request document has fields of version 4");
      }
      ((ObjectNode) tree).putNull("attention");
    }
    if (version.intValue() < 3) {
      if (tree.hasNonNull("requesterPrincipalId")) {
        throw new DocumentException(
            "a version " + version.intValue() + " request document has fields of version 3");
      }
      ((ObjectNode) tree).putNull("requesterPrincipalId");
    }
    if (version.intValue() == 1) {
      if (tree.has("grantStartedAt") || tree.has("revoking")) {
        throw new DocumentException("a version 1 request document has fields of version 2");
      }
      ((ObjectNode) tree).putNull("grantStartedAt").putNull("revoking");
      for (JsonNode event : tree.path("events")) {
        if (event.isObject()) {
          ((ObjectNode) event).putNull("seal");
        }
      }
    }
    Doc doc;
    try {
      doc = JSON.treeToValue(tree, Doc.class);
    } catch (JsonProcessingException e) {
      throw new DocumentException(
          "the request document does not have the expected fields: " + e.getOriginalMessage(), e);
    }
    try {
      return toRequest(doc);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new DocumentException(
          "the request document holds an invalid request: " + e.getMessage(), e);
    }
  }

  private static AccessRequest toRequest(Doc d) {
    RequestState state = RequestState.valueOf(Objects.requireNonNull(d.state(), "state"));
    return new AccessRequest(
        new RequestId(d.id()),
        new EntitlementId(d.entitlement()),
        grant(d.grant()),
        new UserId(d.requester()),
        Set.copyOf(Objects.requireNonNull(d.requesterGroups(), "requesterGroups")),
        d.requesterPrincipalId() == null ? null : new PrincipalId(d.requesterPrincipalId()),
        d.justification(),
        d.duration(),
        d.createdAt(),
        d.approvalDeadline(),
        d.approvalsRequired(),
        Objects.requireNonNull(d.approvals(), "approvals").stream()
            .map(a -> new Approval(new UserId(a.approver()), a.at(), a.comment()))
            .toList(),
        d.denial() == null
            ? null
            : new Denial(new UserId(d.denial().by()), d.denial().at(), d.denial().reason()),
        state,
        d.window() == null ? null : new Window(d.window().start(), d.window().end()),
        d.activatedAt(),
        d.endedAt(),
        d.endedBy(),
        d.endReason(),
        d.attempts(),
        d.dueAt(),
        d.grantStartedAt(),
        d.revoking() == null
            ? null
            : new Revocation(
                new UserId(d.revoking().by()), d.revoking().reason(), d.revoking().at()),
        d.version(),
        Objects.requireNonNull(d.events(), "events").stream().map(RequestDocument::event).toList(),
        d.attention() == null ? Attention.NONE : d.attention().toAttention(),
        extension(d.extension()),
        d.extensions(),
        d.startAt());
  }

  private static ExtensionDoc extensionDoc(Extension e) {
    return e == null
        ? null
        : new ExtensionDoc(
            e.by(),
            e.justification(),
            e.requestedAt(),
            e.approvalsRequired(),
            e.approvals().stream()
                .map(a -> new ApprovalDoc(a.approver().email(), a.at(), a.comment()))
                .toList(),
            e.newEnd());
  }

  private static Extension extension(ExtensionDoc e) {
    return e == null
        ? null
        : new Extension(
            e.by(),
            e.justification(),
            e.requestedAt(),
            e.approvalsRequired(),
            Objects.requireNonNull(e.approvals(), "extension approvals").stream()
                .map(a -> new Approval(new UserId(a.approver()), a.at(), a.comment()))
                .toList(),
            e.newEnd());
  }

  private static EventDoc eventDoc(AuditEvent e) {
    return new EventDoc(
        e.seq(), e.at(), e.type().id(), e.actor(), e.details(), e.prev(), e.hash(), e.seal());
  }

  private static AuditEvent event(EventDoc e) {
    AuditType type =
        AuditType.fromId(e.type())
            .orElseThrow(
                () -> new IllegalArgumentException("unknown audit event type '" + e.type() + "'"));
    return new AuditEvent(
        e.seq(), e.at(), type, e.actor(), e.details(), e.prev(), e.hash(), e.seal());
  }

  private static ObjectNode grantNode(GrantSpec grant) {
    ObjectNode node = JSON.createObjectNode().put("kind", grant.kind().id());
    return switch (grant.kind()) {
      case GCP_IAM_BINDING -> {
        GrantSpec.GcpIamBinding g = (GrantSpec.GcpIamBinding) grant;
        yield node.put("resource", g.resource()).put("role", g.role());
      }
      case GCP_SERVICE_ACCOUNT_TOKEN -> {
        GrantSpec.GcpServiceAccountToken g = (GrantSpec.GcpServiceAccountToken) grant;
        node.put("serviceAccount", g.serviceAccount());
        ArrayNode scopes = node.putArray("scopes");
        g.scopes().forEach(scopes::add);
        yield node;
      }
      case AWS_IDENTITY_CENTER -> {
        GrantSpec.AwsIdentityCenter g = (GrantSpec.AwsIdentityCenter) grant;
        yield node.put("instanceArn", g.instanceArn())
            .put("identityStoreId", g.identityStoreId())
            .put("permissionSetArn", g.permissionSetArn())
            .put("accountId", g.accountId());
      }
      case AWS_ROLE_CREDENTIALS -> {
        GrantSpec.AwsRoleCredentials g = (GrantSpec.AwsRoleCredentials) grant;
        yield node.put("roleArn", g.roleArn()).put("sessionPolicy", g.sessionPolicy().orElse(null));
      }
      case AZURE_PIM -> {
        GrantSpec.AzurePim g = (GrantSpec.AzurePim) grant;
        yield node.put("scope", g.scope()).put("roleDefinitionId", g.roleDefinitionId());
      }
      case AZURE_ROLE_ASSIGNMENT -> {
        GrantSpec.AzureRoleAssignment g = (GrantSpec.AzureRoleAssignment) grant;
        yield node.put("scope", g.scope()).put("roleDefinitionId", g.roleDefinitionId());
      }
    };
  }

  private static GrantSpec grant(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("the grant is missing");
    }
    String id = text(node, "kind");
    GrantKind kind =
        GrantKind.fromId(id)
            .orElseThrow(() -> new IllegalArgumentException("unknown grant kind '" + id + "'"));
    return switch (kind) {
      case GCP_IAM_BINDING -> {
        onlyFields(node, "resource", "role");
        yield new GrantSpec.GcpIamBinding(text(node, "resource"), text(node, "role"));
      }
      case GCP_SERVICE_ACCOUNT_TOKEN -> {
        onlyFields(node, "serviceAccount", "scopes");
        yield new GrantSpec.GcpServiceAccountToken(
            text(node, "serviceAccount"), texts(node, "scopes"));
      }
      case AWS_IDENTITY_CENTER -> {
        onlyFields(node, "instanceArn", "identityStoreId", "permissionSetArn", "accountId");
        yield new GrantSpec.AwsIdentityCenter(
            text(node, "instanceArn"),
            text(node, "identityStoreId"),
            text(node, "permissionSetArn"),
            text(node, "accountId"));
      }
      case AWS_ROLE_CREDENTIALS -> {
        onlyFields(node, "roleArn", "sessionPolicy");
        JsonNode policy = node.get("sessionPolicy");
        yield new GrantSpec.AwsRoleCredentials(
            text(node, "roleArn"),
            policy == null || policy.isNull()
                ? Optional.empty()
                : Optional.of(text(node, "sessionPolicy")));
      }
      case AZURE_PIM -> {
        onlyFields(node, "scope", "roleDefinitionId");
        yield new GrantSpec.AzurePim(text(node, "scope"), text(node, "roleDefinitionId"));
      }
      case AZURE_ROLE_ASSIGNMENT -> {
        onlyFields(node, "scope", "roleDefinitionId");
        yield new GrantSpec.AzureRoleAssignment(
            text(node, "scope"), text(node, "roleDefinitionId"));
      }
    };
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("grant field '" + field + "' is missing or not text");
    }
    return value.textValue();
  }

  private static List<String> texts(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isArray()) {
      throw new IllegalArgumentException("grant field '" + field + "' is missing or not a list");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException("grant field '" + field + "' holds something not text");
      }
      texts.add(element.textValue());
    }
    return texts;
  }

  private static void onlyFields(JsonNode node, String... fields) {
    Set<String> known = Set.of(fields);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("kind") && !known.contains(name)) {
        throw new IllegalArgumentException("unknown grant field '" + name + "'");
      }
    }
  }

  private record Doc(
      int doc,
      String id,
      String entitlement,
      JsonNode grant,
      String requester,
      List<String> requesterGroups,
      String requesterPrincipalId,
      String justification,
      Duration duration,
      Instant createdAt,
      Instant approvalDeadline,
      int approvalsRequired,
      List<ApprovalDoc> approvals,
      DenialDoc denial,
      String state,
      WindowDoc window,
      Instant activatedAt,
      Instant endedAt,
      String endedBy,
      String endReason,
      int attempts,
      Instant dueAt,
      Instant grantStartedAt,
      RevocationDoc revoking,
      long version,
      List<EventDoc> events,
      AttentionDoc attention,
      ExtensionDoc extension,
      int extensions,
      Instant startAt) {}

  // The version 4 block.
  private record AttentionDoc(
      Instant remindAt,
      Instant remindedAt,
      Instant escalateAt,
      Instant escalatedAt,
      boolean breakGlass,
      ReviewDoc review) {

    static AttentionDoc of(Attention a) {
      if (a.equals(Attention.NONE)) {
        return null;
      }
      Review r = a.review();
      return new AttentionDoc(
          a.remindAt(),
          a.remindedAt(),
          a.escalateAt(),
          a.escalatedAt(),
          a.breakGlass(),
          r == null ? null : new ReviewDoc(r.outcome().id(), r.by().email(), r.at(), r.comment()));
    }

    Attention toAttention() {
      Review r =
          review == null
              ? null
              : new Review(
                  Review.Outcome.valueOf(review.outcome().toUpperCase(java.util.Locale.ROOT)),
                  new UserId(review.by()),
                  review.at(),
                  review.comment());
      return new Attention(remindAt, remindedAt, escalateAt, escalatedAt, breakGlass, r);
    }
  }

  private record ReviewDoc(String outcome, String by, Instant at, String comment) {}

  private record ExtensionDoc(
      Duration by,
      String justification,
      Instant requestedAt,
      int approvalsRequired,
      List<ApprovalDoc> approvals,
      Instant newEnd) {}

  private record RevocationDoc(String by, String reason, Instant at) {}

  private record ApprovalDoc(String approver, Instant at, String comment) {}

  private record DenialDoc(String by, Instant at, String reason) {}

  private record WindowDoc(Instant start, Instant end) {}

  private record EventDoc(
      long seq,
      Instant at,
      String type,
      String actor,
      Map<String, String> details,
      String prev,
      String hash,
      String seal) {}
}
