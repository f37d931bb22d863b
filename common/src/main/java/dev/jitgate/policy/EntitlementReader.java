package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.domain.DurationLimits;
import dev.jitgate.domain.Entitlement;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.ExtensionRule;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.JustificationRule;
import dev.jitgate.domain.NotifyTarget;
import dev.jitgate.domain.Principal;
import dev.jitgate.domain.UserId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads one entry of {@code entitlements:}, reporting every problem in it. */
final class EntitlementReader {
  private static final List<String> OWN_FIELDS =
      List.of(
          "id",
          "description",
          "grant",
          "requesters",
          "approvers",
          "approvals",
          "duration",
          "justification",
          "approvalTimeout",
          "signInRequired",
          "notify",
          "extensions",
          "scheduleAhead");
  private static final List<String> FIELDS = fields();
  private static final String PRINCIPALS = "[group:sre, user:alice@example.com]";
  private static final int DEFAULT_APPROVALS = 1;

  private final Values values;
  private final Membership membership;
  private final Set<String> webhooks;
  private final GrantReader grants;
  private final DurationReader durations;
  private final JustificationReader justifications;
  private final AttentionReader attention;
  private final Map<EntitlementId, OptionalInt> seen = new HashMap<>();

  private static List<String> fields() {
    List<String> all = new ArrayList<>(OWN_FIELDS);
    all.addAll(AttentionReader.FIELDS);
    return List.copyOf(all);
  }

  /** {@code webhooks} holds every name under {@code webhooks:}, including ones with problems. */
  EntitlementReader(Values values, Membership membership, Set<String> webhooks) {
    this.values = values;
    this.membership = membership;
    this.webhooks = webhooks;
    this.grants = new GrantReader(values);
    this.durations = new DurationReader(values);
    this.justifications = new JustificationReader(values);
    this.attention =
        new AttentionReader(values, membership, (n, at) -> principals(n, at, false), this::notify);
  }

  /** The entitlement at {@code index}, or empty when it has problems, all of them reported. */
  Optional<Entitlement> read(JsonNode node, int index) {
    FieldPath at = FieldPath.entitlement(index, FieldPath.idAt(index, values.source()));
    if (!values.map(node, at, "an entitlement", FIELDS)) {
      return Optional.empty();
    }
    int errors = values.problems().errorCount();
    Optional<EntitlementId> id = id(node.get("id"), at.child("id"));
    String description = values.text(node.get("description"), at.child("description")).orElse("");
    Optional<GrantSpec> grant = grants.read(node.get("grant"), at.child("grant"));
    Optional<List<Principal>> requesters =
        principals(node.get("requesters"), at.child("requesters"), true);
    Optional<List<Principal>> approvers =
        principals(node.get("approvers"), at.child("approvers"), false);
    Optional<Integer> approvals = approvals(node.get("approvals"), at.child("approvals"));
    Optional<DurationLimits> duration =
        durations.read(node.get("duration"), at.child("duration"), writtenKind(node));
    Optional<JustificationRule> justification =
        justifications.read(node.get("justification"), at.child("justification"));
    Optional<Duration> approvalTimeout =
        node.get("approvalTimeout") == null
            ? Optional.of(Entitlement.DEFAULT_APPROVAL_TIMEOUT)
            : values.duration(node.get("approvalTimeout"), at.child("approvalTimeout"));
    boolean signInRequired =
        values.bool(node.get("signInRequired"), at.child("signInRequired")).orElse(false);
    Optional<List<NotifyTarget>> notify = notify(node.get("notify"), at.child("notify"));
    Optional<dev.jitgate.domain.AttentionRule> rule =
        attention.read(node, at, approvalTimeout, duration.map(DurationLimits::max), approvals);
    WindowsReader windows = new WindowsReader(values);
    Optional<ExtensionRule> extensions =
        windows.extensions(node.get("extensions"), at.child("extensions"), approvals);
    Optional<Duration> scheduleAhead =
        windows.scheduleAhead(node.get("scheduleAhead"), at.child("scheduleAhead"));
    if (approvers.isPresent() && approvals.isPresent()) {
      enoughApprovers(approvers.get(), approvals.get(), node.get("approvals") == null, at);
    }
    if (values.problems().errorCount() > errors) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Entitlement(
              id.get(),
              description,
              grant.get(),
              requesters.get(),
              approvers.get(),
              approvals.get(),
              duration.get(),
              justification.get(),
              approvalTimeout.get(),
              signInRequired,
              notify.get(),
              rule.get(),
              extensions.get(),
              scheduleAhead.get()));
    } catch (IllegalArgumentException e) {
      values.problems().error(at, e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<EntitlementId> id(JsonNode node, FieldPath at) {
    if (node == null) {
      values.problems().error(at, "an entitlement needs an id, like gcp-prod-storage-admin");
      return Optional.empty();
    }
    Optional<String> text = values.text(node, at);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!EntitlementId.isValid(text.get())) {
      values
          .problems()
          .error(
              at,
              "'"
                  + text.get()
                  + "' is not a valid id: use 2 to 63 characters of a-z, 0-9 and '-', starting"
                  + " with a letter or digit");
      return Optional.empty();
    }
    EntitlementId id = new EntitlementId(text.get());
    OptionalInt first = seen.putIfAbsent(id, values.source().lineOf(at.path()));
    if (first != null) {
      String where = first.isPresent() ? "the entitlement on line " + first.getAsInt() : "another";
      values
          .problems()
          .error(at, "'" + id + "' is already the id of " + where + "; ids must be unique");
      return Optional.empty();
    }
    return Optional.of(id);
  }

  /** The grant kind as written, even when the grant has other problems, for the duration limit. */
  private static Optional<GrantKind> writtenKind(JsonNode entitlement) {
    return Optional.ofNullable(entitlement.get("grant"))
        .map(grant -> grant.get("kind"))
        .filter(JsonNode::isTextual)
        .flatMap(kind -> GrantKind.fromId(kind.asText()));
  }

  private Optional<List<Principal>> principals(JsonNode node, FieldPath at, boolean required) {
    if (node == null && required) {
      values.problems().error(at, "an entitlement needs " + at.name() + ", like " + PRINCIPALS);
      return Optional.empty();
    }
    if (node == null) {
      return Optional.of(List.of());
    }
    Optional<List<JsonNode>> elements = values.list(node, at, PRINCIPALS);
    if (elements.isEmpty()) {
      return Optional.empty();
    }
    if (required && elements.get().isEmpty()) {
      values
          .problems()
          .error(at, "is empty, so no one could ask for this entitlement; name a user: or group:");
      return Optional.empty();
    }
    List<Principal> principals = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < elements.get().size(); i++) {
      FieldPath element = at.element(i);
      Optional<Principal> principal =
          values.text(elements.get().get(i), element).flatMap(text -> principal(text, element));
      principal.ifPresent(principals::add);
      valid &= principal.isPresent();
    }
    return valid ? Optional.of(principals) : Optional.empty();
  }

  private Optional<Principal> principal(String text, FieldPath at) {
    if (text.startsWith("user:")) {
      String email = text.substring("user:".length());
      if (UserId.isValid(email)) {
        return Optional.of(new Principal.User(new UserId(email)));
      }
      values
          .problems()
          .error(at, "'" + text + "' does not name an e-mail address; write user:<e-mail address>");
      return Optional.empty();
    }
    if (text.startsWith("group:")) {
      Principal.Group group;
      try {
        group = new Principal.Group(text.substring("group:".length()));
      } catch (IllegalArgumentException e) {
        values
            .problems()
            .error(at, "'" + text + "' does not name a valid group: " + e.getMessage());
        return Optional.empty();
      }
      if (!membership.defines(group.name())) {
        values
            .problems()
            .warning(
                at,
                "group '"
                    + group.name()
                    + "' is not defined under groups:, so only callers who claim it at sign-in"
                    + " match it; write idp-group:"
                    + group.name()
                    + " to say so");
      }
      return Optional.of(group);
    }
    if (text.startsWith("idp-group:")) {
      try {
        return Optional.of(new Principal.IdpGroup(text.substring("idp-group:".length())));
      } catch (IllegalArgumentException e) {
        values
            .problems()
            .error(at, "'" + text + "' does not name a valid group: " + e.getMessage());
        return Optional.empty();
      }
    }
    String guess =
        membership.defines(text)
            ? "; did you mean group:" + text + "?"
            : UserId.isValid(text) ? "; did you mean user:" + text + "?" : "";
    values
        .problems()
        .error(
            at,
            "'"
                + text
                + "' is not a principal; write user:<e-mail address>, group:<name> or"
                + " idp-group:<name>"
                + guess);
    return Optional.empty();
  }

  private Optional<Integer> approvals(JsonNode node, FieldPath at) {
    if (node == null) {
      return Optional.of(DEFAULT_APPROVALS);
    }
    Optional<Integer> approvals = values.wholeNumber(node, at);
    if (approvals.isPresent() && approvals.get() < 0) {
      values
          .problems()
          .error(
              at,
              approvals.get()
                  + " is less than 0; approvals counts the approvers needed, and 0 approves on"
                  + " request");
      return Optional.empty();
    }
    return approvals;
  }

  /** Approvals can never be met when they exceed the people who could ever give them. */
  private void enoughApprovers(
      List<Principal> approvers, int approvals, boolean defaulted, FieldPath entitlement) {
    FieldPath at = entitlement.child("approvals");
    String needed =
        defaulted
            ? "approvals is " + approvals + " (the default)"
            : approvals == 1 ? "1 approval is needed" : approvals + " approvals are needed";
    if (approvals > 0 && approvers.isEmpty()) {
      values
          .problems()
          .error(
              at,
              needed
                  + ", but approvers is empty; name approvers, or set approvals: 0 to approve on"
                  + " request");
      return;
    }
    Set<UserId> known = membership.knownUsers(approvers);
    if (!membership.enumerable(approvers) || approvals <= known.size()) {
      return;
    }
    String who =
        known.isEmpty()
            ? "no one can ever approve, as the approvers' groups have no members"
            : "only "
                + known.size()
                + (known.size() == 1 ? " person" : " people")
                + " can ever approve ("
                + known.stream().map(UserId::email).collect(Collectors.joining(", "))
                + ")";
    values.problems().error(at, needed + ", but " + who + "; add approvers or lower approvals");
  }

  private Optional<List<NotifyTarget>> notify(JsonNode node, FieldPath at) {
    if (node == null) {
      return Optional.of(List.of());
    }
    Optional<List<JsonNode>> elements =
        values.list(node, at, "[sre-leads@example.com, webhook:sre-chat]");
    if (elements.isEmpty()) {
      return Optional.empty();
    }
    List<NotifyTarget> targets = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < elements.get().size(); i++) {
      FieldPath element = at.element(i);
      Optional<NotifyTarget> target =
          values.text(elements.get().get(i), element).flatMap(text -> target(text, element));
      target.ifPresent(targets::add);
      valid &= target.isPresent();
    }
    return valid ? Optional.of(targets) : Optional.empty();
  }

  private Optional<NotifyTarget> target(String text, FieldPath at) {
    if (text.startsWith("webhook:")) {
      String name = text.substring("webhook:".length());
      if (webhooks.contains(name)) {
        return Optional.of(new NotifyTarget.Webhook(name));
      }
      String guess =
          Spelling.closest(name, webhooks).map(n -> "; did you mean '" + n + "'?").orElse("");
      values
          .problems()
          .error(at, "no webhook named '" + name + "' is defined under webhooks" + guess);
      return Optional.empty();
    }
    if (UserId.isValid(text)) {
      return Optional.of(new NotifyTarget.Mail(new UserId(text)));
    }
    values.problems().error(at, "'" + text + "' is neither an e-mail address nor webhook:<name>");
    return Optional.empty();
  }
}
