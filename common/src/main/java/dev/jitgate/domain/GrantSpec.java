package dev.jitgate.domain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an entitlement grants on its cloud: one record per {@link GrantKind}, each holding exactly
 * the fields of its kind in a checked form.
 */
public sealed interface GrantSpec {

  GrantKind kind();

  /** The cloud artifact this grant targets, apart from the principal; part of the grant key. */
  String target();

  /** A role on a Google Cloud project, folder or organization. */
  record GcpIamBinding(String resource, String role) implements GrantSpec {
    public static final Pattern RESOURCE =
        Pattern.compile(
            "projects/[a-z][a-z0-9-]{4,28}[a-z0-9]|projects/[0-9]{1,20}|folders/[0-9]{1,20}"
                + "|organizations/[0-9]{1,20}");
    public static final Pattern ROLE =
        Pattern.compile(
            "roles/[A-Za-z0-9_.]{1,100}"
                + "|(projects/[a-z0-9-]{1,30}|organizations/[0-9]{1,20})/roles/[A-Za-z0-9_.]{3,64}");

    public GcpIamBinding {
      Forms.require(
          RESOURCE, resource, "resource", "projects/<id>, folders/<n> or organizations/<n>");
      Forms.require(ROLE, role, "role", "roles/<name> or a custom role name");
    }

    @Override
    public GrantKind kind() {
      return GrantKind.GCP_IAM_BINDING;
    }

    @Override
    public String target() {
      return resource + "#" + role;
    }
  }

  /**
   * A short-lived OAuth access token for one Google service account, limited to the given scopes:
   * the requester fetches it while the grant is ACTIVE, for one narrow job.
   */
  record GcpServiceAccountToken(String serviceAccount, List<String> scopes) implements GrantSpec {
    /** A user-managed service account: {@code <name>@<project-id>.iam.gserviceaccount.com}. */
    public static final Pattern SERVICE_ACCOUNT =
        Pattern.compile(
            "[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\\.iam\\.gserviceaccount\\.com");

    /** An OAuth scope of Google's APIs, such as {@code .../auth/devstorage.read_only}. */
    public static final Pattern SCOPE =
        Pattern.compile(
            "https://www\\.googleapis\\.com/auth/[A-Za-z0-9._-]{1,100}(/[A-Za-z0-9._-]{1,100})?");

    /** The most scopes one grant may ask for: the token is for one narrow job. */
    public static final int MAX_SCOPES = 10;

    public GcpServiceAccountToken {
      Forms.require(
          SERVICE_ACCOUNT,
          serviceAccount,
          "serviceAccount",
          "<name>@<project-id>.iam.gserviceaccount.com");
      Objects.requireNonNull(scopes, "scopes");
      scopes = List.copyOf(scopes);
      if (scopes.isEmpty() || scopes.size() > MAX_SCOPES) {
        throw new IllegalArgumentException(
            "scopes must list 1 to " + MAX_SCOPES + " OAuth scopes, not " + scopes.size());
      }
      for (String scope : scopes) {
        Forms.require(SCOPE, scope, "scope", "https://www.googleapis.com/auth/<scope>");
      }
      if (Set.copyOf(scopes).size() != scopes.size()) {
        throw new IllegalArgumentException("scopes lists a scope twice");
      }
    }

    @Override
    public GrantKind kind() {
      return GrantKind.GCP_SERVICE_ACCOUNT_TOKEN;
    }

    @Override
    public String target() {
      return serviceAccount;
    }
  }

  /** An IAM Identity Center account assignment of a permission set. */
  record AwsIdentityCenter(
      String instanceArn, String identityStoreId, String permissionSetArn, String accountId)
      implements GrantSpec {
    public static final Pattern INSTANCE_ARN =
        Pattern.compile("arn:aws[a-z-]*:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}");
    public static final Pattern IDENTITY_STORE_ID =
        Pattern.compile(
            "d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    public static final Pattern PERMISSION_SET_ARN =
        Pattern.compile(
            "arn:aws[a-z-]*:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}");
    public static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    public AwsIdentityCenter {
      Forms.require(
          INSTANCE_ARN, instanceArn, "instanceArn", "arn:aws:sso:::instance/ssoins-<16 chars>");
      Forms.require(IDENTITY_STORE_ID, identityStoreId, "identityStoreId", "d-<10 hex digits>");
      Forms.require(
          PERMISSION_SET_ARN,
          permissionSetArn,
          "permissionSetArn",
          "arn:aws:sso:::permissionSet/ssoins-<16 chars>/ps-<16 chars>");
      Forms.require(ACCOUNT_ID, accountId, "accountId", "12 digits");
    }

    @Override
    public GrantKind kind() {
      return GrantKind.AWS_IDENTITY_CENTER;
    }

    @Override
    public String target() {
      return instanceArn + "#" + accountId + "#" + permissionSetArn;
    }
  }

  /**
   * Short-lived credentials for an IAM role, optionally narrowed by a session policy (an IAM policy
   * document as compact JSON).
   */
  record AwsRoleCredentials(String roleArn, Optional<String> sessionPolicy) implements GrantSpec {
    public static final Pattern ROLE_ARN =
        Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}");

    public AwsRoleCredentials {
      Forms.require(ROLE_ARN, roleArn, "roleArn", "arn:aws:iam::<account>:role/<name>");
      sessionPolicy = sessionPolicy == null ? Optional.empty() : sessionPolicy;
    }

    @Override
    public GrantKind kind() {
      return GrantKind.AWS_ROLE_CREDENTIALS;
    }

    @Override
    public String target() {
      return roleArn;
    }
  }

  /** An Entra PIM role assignment schedule, which Azure ends on its own. */
  record AzurePim(String scope, String roleDefinitionId) implements GrantSpec {
    public AzurePim {
      Forms.require(Forms.AZURE_SCOPE, scope, "scope", Forms.AZURE_SCOPE_HINT);
      Forms.require(
          Forms.AZURE_ROLE_DEFINITION, roleDefinitionId, "roleDefinitionId", Forms.AZURE_ROLE_HINT);
    }

    @Override
    public GrantKind kind() {
      return GrantKind.AZURE_PIM;
    }

    @Override
    public String target() {
      return Forms.azureTarget(scope, roleDefinitionId);
    }
  }

  /** A plain Azure RBAC role assignment, for tenants without Entra ID P2. */
  record AzureRoleAssignment(String scope, String roleDefinitionId) implements GrantSpec {
    public AzureRoleAssignment {
      Forms.require(Forms.AZURE_SCOPE, scope, "scope", Forms.AZURE_SCOPE_HINT);
      Forms.require(
          Forms.AZURE_ROLE_DEFINITION, roleDefinitionId, "roleDefinitionId", Forms.AZURE_ROLE_HINT);
    }

    @Override
    public GrantKind kind() {
      return GrantKind.AZURE_ROLE_ASSIGNMENT;
    }

    @Override
    public String target() {
      return Forms.azureTarget(scope, roleDefinitionId);
    }
  }

  /** The forms that grant fields must take. */
  final class Forms {
    static final String GUID =
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    public static final Pattern AZURE_SCOPE =
        Pattern.compile(
            "/subscriptions/"
                + GUID
                + "(/resourceGroups/[A-Za-z0-9._()-]{1,90}(/providers/[A-Za-z0-9./_-]{1,400})?)?"
                + "|/providers/Microsoft\\.Management/managementGroups/[A-Za-z0-9._()-]{1,90}");
    public static final Pattern AZURE_ROLE_DEFINITION =
        Pattern.compile(
            GUID
                + "|(/subscriptions/"
                + GUID
                + ")?/providers/Microsoft\\.Authorization/roleDefinitions/"
                + GUID);
    static final String AZURE_SCOPE_HINT =
        "/subscriptions/<guid>[/resourceGroups/<name>] or a management group";
    static final String AZURE_ROLE_HINT =
        "a role definition GUID or .../providers/Microsoft.Authorization/roleDefinitions/<guid>";

    private Forms() {}

    /**
     * One Azure artifact's target however the policy spells it: Azure compares scopes without
     * regard to case, and a role is its definition's GUID whether given bare or as a full id.
     */
    static String azureTarget(String scope, String roleDefinitionId) {
      String role = roleDefinitionId.substring(roleDefinitionId.lastIndexOf('/') + 1);
      return scope.toLowerCase(Locale.ROOT) + "#" + role.toLowerCase(Locale.ROOT);
    }

    static void require(Pattern form, String value, String field, String hint) {
      Objects.requireNonNull(value, field);
      if (!form.matcher(value).matches()) {
        throw new IllegalArgumentException(
            field + " '" + value + "' is not valid: expected " + hint);
      }
    }
  }
}
