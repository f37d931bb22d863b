package dev.jitgate.aws.provider;

import dev.jitgate.port.ProviderException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPermissionsBoundary;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * The check that a role jitgate hands out carries the configured permissions boundary, made before
 * credentials are issued or a revoke policy is written. IAM enforces the same on the write side
 * (Terraform allows iam:PutRolePolicy only with the {@code iam:PermissionsBoundary} condition);
 * this check refuses early and says what is wrong, and also covers issuing, where IAM has no such
 * condition.
 */
final class RoleBoundary {
  /** The environment variable the composition root reads the boundary from. */
  static final String VARIABLE = "JITGATE_AWS_ROLE_BOUNDARY_ARN";

  private final Supplier<IamClient> iam;
  private final Optional<String> required;

  RoleBoundary(Supplier<IamClient> iam, Optional<String> required) {
    this.iam = Objects.requireNonNull(iam, "iam");
    this.required = Objects.requireNonNull(required, "required");
  }

  /**
   * Whether the role exists with the required boundary: true when it does, false when IAM has no
   * such role.
   *
   * @throws ProviderException when no boundary is configured, or the role lacks it, or lies in
   *     another account, where jitgate cannot read it
   */
  boolean check(String roleArn, Attempts attempts) {
    String boundary =
        required.orElseThrow(
            () ->
                new ProviderException(
                    "aws.role-credentials hands out only roles with a permissions boundary; set "
                        + VARIABLE
                        + " (Terraform: role_permissions_boundary_arn) to its ARN"));
    String name = StsNames.roleName(roleArn);
    Role role;
    try {
      role =
          attempts
              .call(
                  "iam:GetRole on role " + name,
                  () -> iam.get().getRole(r -> r.roleName(name)),
                  e -> AwsErrors.isCode(e, "NoSuchEntity"))
              .role();
    } catch (SdkException e) {
      return false;
    }
    // GetRole finds the name in jitgate's own account, which may hold a namesake of a role
    // elsewhere.
    if (!roleArn.equals(role.arn())) {
      throw new ProviderException(
          "role "
              + roleArn
              + " is not in jitgate's own account (found "
              + role.arn()
              + "), so its permissions boundary cannot be checked; hand out roles of this account"
              + " only");
    }
    String actual =
        Optional.ofNullable(role.permissionsBoundary())
            .map(AttachedPermissionsBoundary::permissionsBoundaryArn)
            .orElse(null);
    if (actual == null) {
      throw new ProviderException(
          "role "
              + roleArn
              + " has no permissions boundary; jitgate hands out only roles whose boundary is "
              + boundary
              + " ("
              + VARIABLE
              + "): attach it to the role");
    }
    if (!actual.equals(boundary)) {
      throw new ProviderException(
          "role "
              + roleArn
              + " has the permissions boundary "
              + actual
              + ", not "
              + boundary
              + " ("
              + VARIABLE
              + "); jitgate hands out only roles with that boundary");
    }
    return true;
  }
}
