package dev.jitgate.gcp.provider;

import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.GetPolicyOptions;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import dev.jitgate.gcp.provider.GcpErrors.Permission;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The IAM policies of projects, folders and organizations, each through its own Resource Manager v3
 * client, always at policy version 3 so that conditional bindings survive a read-modify-write. Each
 * client is asked of its supplier when a call needs it.
 */
final class ResourcePolicies {
  /**
   * The policy version that carries conditions. Reading at a lower version hides them, and writing
   * such a policy back drops them (IAM docs, "Policy versions").
   */
  static final int CONDITIONS_VERSION = 3;

  private final Supplier<ProjectsClient> projects;
  private final Supplier<FoldersClient> folders;
  private final Supplier<OrganizationsClient> organizations;

  ResourcePolicies(
      Supplier<ProjectsClient> projects,
      Supplier<FoldersClient> folders,
      Supplier<OrganizationsClient> organizations) {
    this.projects = Objects.requireNonNull(projects, "projects");
    this.folders = Objects.requireNonNull(folders, "folders");
    this.organizations = Objects.requireNonNull(organizations, "organizations");
  }

  Policy get(String resource) {
    GetIamPolicyRequest request =
        GetIamPolicyRequest.newBuilder()
            .setResource(resource)
            .setOptions(GetPolicyOptions.newBuilder().setRequestedPolicyVersion(CONDITIONS_VERSION))
            .build();
    return switch (type(resource)) {
      case PROJECT -> projects.get().getIamPolicy(request);
      case FOLDER -> folders.get().getIamPolicy(request);
      case ORGANIZATION -> organizations.get().getIamPolicy(request);
    };
  }

  /** Writes {@code policy}, whose etag is the one read: a stale etag is refused by Google. */
  Policy set(String resource, Policy policy) {
    SetIamPolicyRequest request =
        SetIamPolicyRequest.newBuilder().setResource(resource).setPolicy(policy).build();
    return switch (type(resource)) {
      case PROJECT -> projects.get().setIamPolicy(request);
      case FOLDER -> folders.get().setIamPolicy(request);
      case ORGANIZATION -> organizations.get().setIamPolicy(request);
    };
  }

  /**
   * The permission a call on {@code resource} needs, such as resourcemanager.folders.getIamPolicy.
   */
  static Permission permission(String resource, String method) {
    Type type = type(resource);
    return new Permission(
        "resourcemanager." + type.plural + "." + method, resource, type.adminRole);
  }

  private static Type type(String resource) {
    for (Type type : Type.values()) {
      if (resource.startsWith(type.plural + "/")) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "'" + resource + "' is not a project, folder or organization");
  }

  /** The resource types that hold IAM policies here, and the predefined role that edits them. */
  private enum Type {
    PROJECT("projects", "roles/resourcemanager.projectIamAdmin"),
    FOLDER("folders", "roles/resourcemanager.folderIamAdmin"),
    ORGANIZATION("organizations", "roles/resourcemanager.organizationAdmin");

    private final String plural;
    private final String adminRole;

    Type(String plural, String adminRole) {
      this.plural = plural;
      this.adminRole = adminRole;
    }
  }
}
