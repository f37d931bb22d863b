package dev.jitgate.aws.provider;

import dev.jitgate.domain.GrantSpec;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignment;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentOperationStatus;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentOperationStatusMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountAssignmentDeletionStatusResponse;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountAssignmentsResponse;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;

/**
 * Reads what Identity Center already has, to tell an assignment that exists from one that is being
 * created or deleted when CreateAccountAssignment answers ConflictException. Every listing is
 * bounded in pages.
 */
final class ExistingAssignments {
  // ListAccountAssignments returns at most 100 per page; 50 pages is far more than one permission
  // set in one account holds.
  private static final int MAX_PAGES = 50;
  // Deletions in progress across the whole instance; each must be described to see its target.
  private static final int MAX_DELETIONS_CHECKED = 50;

  private final Supplier<SsoAdminClient> ssoAdmin;

  ExistingAssignments(Supplier<SsoAdminClient> ssoAdmin) {
    this.ssoAdmin = ssoAdmin;
  }

  /**
   * True when the user holds the permission set in the account and no deletion of that assignment
   * is under way. When more deletions are under way than can be checked, assumes one is.
   */
  boolean heldAndNotBeingDeleted(
      GrantSpec.AwsIdentityCenter spec, String userId, Attempts attempts) {
    return held(spec, userId, attempts) && !beingDeleted(spec, userId, attempts);
  }

  private boolean held(GrantSpec.AwsIdentityCenter spec, String userId, Attempts attempts) {
    String next = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String token = next;
      ListAccountAssignmentsResponse response =
          attempts.call(
              "sso:ListAccountAssignments",
              () ->
                  ssoAdmin
                      .get()
                      .listAccountAssignments(
                          r ->
                              r.instanceArn(spec.instanceArn())
                                  .accountId(spec.accountId())
                                  .permissionSetArn(spec.permissionSetArn())
                                  .nextToken(token)));
      for (AccountAssignment assignment : response.accountAssignments()) {
        if (assignment.principalType() == PrincipalType.USER
            && userId.equals(assignment.principalId())) {
          return true;
        }
      }
      next = response.nextToken();
      if (next == null || next.isEmpty()) {
        return false;
      }
    }
    return false;
  }

  /**
   * SSO Admin API reference, ListAccountAssignmentDeletionStatus: the listing holds only request
   * ids, so each IN_PROGRESS deletion is described to see whose assignment it removes.
   */
  private boolean beingDeleted(GrantSpec.AwsIdentityCenter spec, String userId, Attempts attempts) {
    int checked = 0;
    String next = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String token = next;
      ListAccountAssignmentDeletionStatusResponse response =
          attempts.call(
              "sso:ListAccountAssignmentDeletionStatus",
              () ->
                  ssoAdmin
                      .get()
                      .listAccountAssignmentDeletionStatus(
                          r ->
                              r.instanceArn(spec.instanceArn())
                                  .filter(f -> f.status(StatusValues.IN_PROGRESS))
                                  .nextToken(token)));
      for (AccountAssignmentOperationStatusMetadata deletion :
          response.accountAssignmentsDeletionStatus()) {
        if (deletion.status() != StatusValues.IN_PROGRESS) {
          continue;
        }
        if (++checked > MAX_DELETIONS_CHECKED) {
          return true;
        }
        AccountAssignmentOperationStatus status =
            attempts.call(
                "sso:DescribeAccountAssignmentDeletionStatus",
                () ->
                    ssoAdmin
                        .get()
                        .describeAccountAssignmentDeletionStatus(
                            r ->
                                r.instanceArn(spec.instanceArn())
                                    .accountAssignmentDeletionRequestId(deletion.requestId()))
                        .accountAssignmentDeletionStatus());
        if (status.status() == StatusValues.IN_PROGRESS
            && spec.accountId().equals(status.targetId())
            && spec.permissionSetArn().equals(status.permissionSetArn())
            && userId.equals(status.principalId())) {
          return true;
        }
      }
      next = response.nextToken();
      if (next == null || next.isEmpty()) {
        return false;
      }
    }
    return true;
  }
}
