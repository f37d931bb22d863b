package dev.jitgate.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of access jitgate can grant, with the facts the service needs about each: whether the
 * cloud ends the access on its own at the window's end, whether several requests can share one
 * cloud artifact (so a revoke must be reference-counted), and whether the requester fetches
 * credentials for it.
 */
public enum GrantKind {
  GCP_IAM_BINDING("gcp.iam-binding", Cloud.GCP, true, false, false),
  GCP_SERVICE_ACCOUNT_TOKEN("gcp.service-account-token", Cloud.GCP, true, false, true),
  AWS_IDENTITY_CENTER("aws.identity-center", Cloud.AWS, false, true, false),
  AWS_ROLE_CREDENTIALS("aws.role-credentials", Cloud.AWS, true, false, true),
  AZURE_PIM("azure.pim", Cloud.AZURE, true, false, false),
  AZURE_ROLE_ASSIGNMENT("azure.role-assignment", Cloud.AZURE, false, true, false);

  private final String id;
  private final Cloud cloud;
  private final boolean cloudExpiring;
  private final boolean sharedArtifact;
  private final boolean issuesCredentials;

  GrantKind(
      String id,
      Cloud cloud,
      boolean cloudExpiring,
      boolean sharedArtifact,
      boolean issuesCredentials) {
    this.id = id;
    this.cloud = cloud;
    this.cloudExpiring = cloudExpiring;
    this.sharedArtifact = sharedArtifact;
    this.issuesCredentials = issuesCredentials;
  }

  /** The name used in the policy and the API, such as {@code gcp.iam-binding}. */
  public String id() {
    return id;
  }

  public Cloud cloud() {
    return cloud;
  }

  /** True when the cloud itself ends the access at the window's end. */
  public boolean cloudExpiring() {
    return cloudExpiring;
  }

  /** True when requests for the same target and principal share one cloud artifact. */
  public boolean sharedArtifact() {
    return sharedArtifact;
  }

  /**
   * True when the cloud names the grantee by its directory's own id, which the sign-in must carry:
   * Azure assigns roles to Entra object ids, not to e-mail addresses.
   */
  public boolean needsPrincipalId() {
    return cloud == Cloud.AZURE;
  }

  /**
   * True when the cloud keeps one artifact per grant key with one schedule, which a second request
   * could neither share nor extend: Entra PIM keeps one active assignment per person, role and
   * scope. Such a request is refused while another request of the key is ACTIVE.
   */
  public boolean exclusive() {
    return this == AZURE_PIM;
  }

  /** True when the requester fetches credentials for an ACTIVE grant of this kind. */
  public boolean issuesCredentials() {
    return issuesCredentials;
  }

  public static Optional<GrantKind> fromId(String id) {
    return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
  }
}
