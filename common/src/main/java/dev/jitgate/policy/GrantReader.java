package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.GrantSpec.AwsIdentityCenter;
import dev.jitgate.domain.GrantSpec.AwsRoleCredentials;
import dev.jitgate.domain.GrantSpec.AzurePim;
import dev.jitgate.domain.GrantSpec.AzureRoleAssignment;
import dev.jitgate.domain.GrantSpec.Forms;
import dev.jitgate.domain.GrantSpec.GcpIamBinding;
import dev.jitgate.domain.GrantSpec.GcpServiceAccountToken;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an entitlement's {@code grant:}: its kind, and exactly the fields of that kind, each in the
 * form the {@link GrantSpec} records check.
 */
final class GrantReader {
  /** STS refuses an inline session policy longer than this, as plain text. */
  static final int SESSION_POLICY_LIMIT = 2048;

  private static final String SESSION_POLICY = "sessionPolicy";
  private static final String SCOPES = "scopes";
  private static final String SCOPE_HINT = "https://www.googleapis.com/auth/<scope>";
  private static final String AZURE_SCOPE =
      "/subscriptions/<guid>, optionally with /resourceGroups/<name>, or"
          + " /providers/Microsoft.Management/managementGroups/<name>";
  private static final String AZURE_ROLE =
      "a role definition GUID, or .../providers/Microsoft.Authorization/roleDefinitions/<guid>";

  /** A field a kind needs, and the form its value takes. */
  private record Form(String name, Pattern pattern, String hint) {}

  private static final Map<GrantKind, List<Form>> FORMS = forms();

  private final Values values;

  GrantReader(Values values) {
    this.values = values;
  }

  /** The grant at {@code at}, or empty after reporting what is wrong with it. */
  Optional<GrantSpec> read(JsonNode node, FieldPath at) {
    if (node == null) {
      values.problems().error(at, "an entitlement needs a grant, with a kind and its fields");
      return Optional.empty();
    }
    if (!node.isObject()) {
      values
          .problems()
          .error(
              at,
              "must be a map with a kind and the fields of that kind, not "
                  + values.describe(node, at));
      return Optional.empty();
    }
    Optional<GrantKind> kind = kind(node.get("kind"), at.child("kind"));
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    int errors = values.problems().errorCount();
    List<String> fields = new ArrayList<>(List.of("kind"));
    FORMS.get(kind.get()).forEach(form -> fields.add(form.name()));
    if (kind.get() == GrantKind.AWS_ROLE_CREDENTIALS) {
      fields.add(SESSION_POLICY);
    }
    if (kind.get() == GrantKind.GCP_SERVICE_ACCOUNT_TOKEN) {
      fields.add(SCOPES);
    }
    values.map(node, at, article(kind.get()) + " grant", fields);
    Map<String, String> text = new LinkedHashMap<>();
    for (Form form : FORMS.get(kind.get())) {
      field(node, at, kind.get(), form).ifPresent(value -> text.put(form.name(), value));
    }
    Optional<String> sessionPolicy = Optional.empty();
    if (kind.get() == GrantKind.AWS_ROLE_CREDENTIALS && node.get(SESSION_POLICY) != null) {
      sessionPolicy = sessionPolicy(node.get(SESSION_POLICY), at.child(SESSION_POLICY));
    }
    List<String> scopes = List.of();
    if (kind.get() == GrantKind.GCP_SERVICE_ACCOUNT_TOKEN) {
      scopes = scopes(node.get(SCOPES), at.child(SCOPES));
    }
    if (values.problems().errorCount() > errors) {
      return Optional.empty();
    }
    try {
      return Optional.of(build(kind.get(), text, sessionPolicy, scopes));
    } catch (IllegalArgumentException e) {
      values.problems().error(at, e.getMessage());
      return Optional.empty();
    }
  }

  /** "a gcp.iam-binding", "an aws.role-credentials". */
  private static String article(GrantKind kind) {
    return ("aeiou".indexOf(kind.id().charAt(0)) >= 0 ? "an " : "a ") + kind.id();
  }

  private Optional<GrantKind> kind(JsonNode node, FieldPath at) {
    String kinds = Spelling.oneOf(Arrays.stream(GrantKind.values()).map(GrantKind::id).toList());
    if (node == null) {
      values.problems().error(at, "a grant needs a kind: " + kinds);
      return Optional.empty();
    }
    Optional<String> text = values.text(node, at);
    Optional<GrantKind> kind = text.flatMap(GrantKind::fromId);
    if (text.isPresent() && kind.isEmpty()) {
      values.problems().error(at, "'" + text.get() + "' is not a grant kind; use " + kinds);
    }
    return kind;
  }

  private Optional<String> field(JsonNode node, FieldPath at, GrantKind kind, Form form) {
    FieldPath field = at.child(form.name());
    JsonNode value = node.get(form.name());
    if (value == null) {
      values
          .problems()
          .error(field, article(kind) + " grant needs " + form.name() + ": " + form.hint());
      return Optional.empty();
    }
    Optional<String> text = values.text(value, field);
    if (text.isPresent() && !form.pattern().matcher(text.get()).matches()) {
      values
          .problems()
          .error(
              field,
              "'" + text.get() + "' is not a valid " + form.name() + "; expected " + form.hint());
      return Optional.empty();
    }
    return text;
  }

  /**
   * The OAuth scopes of a service-account token: a list of 1 to {@link
   * GcpServiceAccountToken#MAX_SCOPES} distinct scope URLs; each bad element is reported at its own
   * line.
   */
  private List<String> scopes(JsonNode node, FieldPath at) {
    if (node == null) {
      values
          .problems()
          .error(
              at,
              "a gcp.service-account-token grant needs scopes: a list of OAuth scopes, such as ["
                  + SCOPE_HINT
                  + "]");
      return List.of();
    }
    Optional<List<JsonNode>> elements = values.list(node, at, "[" + SCOPE_HINT + "]");
    if (elements.isEmpty()) {
      return List.of();
    }
    if (elements.get().isEmpty() || elements.get().size() > GcpServiceAccountToken.MAX_SCOPES) {
      values
          .problems()
          .error(
              at,
              "lists "
                  + elements.get().size()
                  + " scopes; a token is for one narrow job, so list 1 to "
                  + GcpServiceAccountToken.MAX_SCOPES);
      return List.of();
    }
    List<String> scopes = new ArrayList<>();
    for (int i = 0; i < elements.get().size(); i++) {
      FieldPath element = at.element(i);
      Optional<String> scope = values.text(elements.get().get(i), element);
      if (scope.isEmpty()) {
        continue;
      }
      if (!GcpServiceAccountToken.SCOPE.matcher(scope.get()).matches()) {
        values
            .problems()
            .error(element, "'" + scope.get() + "' is not an OAuth scope; expected " + SCOPE_HINT);
      } else if (scopes.contains(scope.get())) {
        values.problems().error(element, "'" + scope.get() + "' is listed twice");
      } else {
        scopes.add(scope.get());
      }
    }
    return scopes;
  }

  /**
   * The session policy as compact JSON. Every scalar becomes a JSON string spelt as written, which
   * IAM accepts for every policy value, so YAML's own typing ({@code 0123} as octal, {@code yes} as
   * true) cannot change what the author wrote.
   */
  private Optional<String> sessionPolicy(JsonNode node, FieldPath at) {
    if (!node.isObject()) {
      values
          .problems()
          .error(
              at,
              "must be an IAM policy document written as a YAML map with a Statement entry, not "
                  + values.describe(node, at));
      return Optional.empty();
    }
    if (node.get("Statement") == null) {
      values.problems().error(at, "has no Statement; an IAM policy document needs one");
      return Optional.empty();
    }
    int errors = values.problems().errorCount();
    String json = verbatim(node, at).toString();
    if (values.problems().errorCount() > errors) {
      return Optional.empty();
    }
    if (json.length() > SESSION_POLICY_LIMIT) {
      values
          .problems()
          .error(
              at,
              "is "
                  + json.length()
                  + " characters as JSON, more than the "
                  + SESSION_POLICY_LIMIT
                  + " that STS accepts for a session policy");
      return Optional.empty();
    }
    return Optional.of(json);
  }

  private JsonNode verbatim(JsonNode node, FieldPath at) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    if (node.isObject()) {
      ObjectNode copy = nodes.objectNode();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        copy.set(entry.getKey(), verbatim(entry.getValue(), at.child(entry.getKey())));
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = nodes.arrayNode();
      for (int i = 0; i < node.size(); i++) {
        copy.add(verbatim(node.get(i), at.element(i)));
      }
      return copy;
    }
    return values.text(node, at).map(nodes::textNode).orElse(nodes.textNode(""));
  }

  private static GrantSpec build(
      GrantKind kind,
      Map<String, String> text,
      Optional<String> sessionPolicy,
      List<String> scopes) {
    return switch (kind) {
      case GCP_IAM_BINDING -> new GcpIamBinding(text.get("resource"), text.get("role"));
      case GCP_SERVICE_ACCOUNT_TOKEN ->
          new GcpServiceAccountToken(text.get("serviceAccount"), scopes);
      case AWS_IDENTITY_CENTER ->
          new AwsIdentityCenter(
              text.get("instanceArn"),
              text.get("identityStoreId"),
              text.get("permissionSetArn"),
              text.get("accountId"));
      case AWS_ROLE_CREDENTIALS -> new AwsRoleCredentials(text.get("roleArn"), sessionPolicy);
      case AZURE_PIM -> new AzurePim(text.get("scope"), text.get("roleDefinitionId"));
      case AZURE_ROLE_ASSIGNMENT ->
          new AzureRoleAssignment(text.get("scope"), text.get("roleDefinitionId"));
    };
  }

  private static Map<GrantKind, List<Form>> forms() {
    Map<GrantKind, List<Form>> forms = new LinkedHashMap<>();
    forms.put(
        GrantKind.GCP_IAM_BINDING,
        List.of(
            new Form(
                "resource",
                GcpIamBinding.RESOURCE,
                "projects/<project-id>, folders/<number> or organizations/<number>"),
            new Form(
                "role",
                GcpIamBinding.ROLE,
                "roles/<name>, or a custom role such as projects/<project-id>/roles/<name>")));
    forms.put(
        GrantKind.GCP_SERVICE_ACCOUNT_TOKEN,
        List.of(
            new Form(
                "serviceAccount",
                GcpServiceAccountToken.SERVICE_ACCOUNT,
                "<name>@<project-id>.iam.gserviceaccount.com")));
    forms.put(
        GrantKind.AWS_IDENTITY_CENTER,
        List.of(
            new Form(
                "instanceArn",
                AwsIdentityCenter.INSTANCE_ARN,
                "arn:aws:sso:::instance/ssoins-<16 characters>"),
            new Form(
                "identityStoreId",
                AwsIdentityCenter.IDENTITY_STORE_ID,
                "d-<10 hex digits>, or a GUID"),
            new Form(
                "permissionSetArn",
                AwsIdentityCenter.PERMISSION_SET_ARN,
                "arn:aws:sso:::permissionSet/ssoins-<16 characters>/ps-<16 characters>"),
            new Form("accountId", AwsIdentityCenter.ACCOUNT_ID, "12 digits")));
    forms.put(
        GrantKind.AWS_ROLE_CREDENTIALS,
        List.of(
            new Form(
                "roleArn",
                AwsRoleCredentials.ROLE_ARN,
                "arn:aws:iam::<12-digit account>:role/<name>")));
    List<Form> azure =
        List.of(
            new Form("scope", Forms.AZURE_SCOPE, AZURE_SCOPE),
            new Form("roleDefinitionId", Forms.AZURE_ROLE_DEFINITION, AZURE_ROLE));
    forms.put(GrantKind.AZURE_PIM, azure);
    forms.put(GrantKind.AZURE_ROLE_ASSIGNMENT, azure);
    return Map.copyOf(forms);
  }
}
