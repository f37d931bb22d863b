package dev.jitgate.aws.provider;

import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentOperationStatus;
import software.amazon.awssdk.services.ssoadmin.model.ConflictException;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssoadmin.model.StatusValues;
import software.amazon.awssdk.services.ssoadmin.model.TargetType;

/**
 * Grants {@code aws.identity-center}: an IAM Identity Center account assignment of a permission set
 * to the user whose e-mail is the requester's. Creating and deleting an assignment are asynchronous
 * in AWS, so both are polled to their end. The service reference-counts this shared artifact; this
 * provider only has to be idempotent.
 */
public final class IdentityCenterProvider implements AccessProvider {
  private final Supplier<SsoAdminClient> ssoAdmin;
  private final Supplier<IdentitystoreClient> identityStore;
  private final Clock clock;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final ExistingAssignments assignments;

  /**
   * @param ssoAdmin and {@code identityStore} for the Identity Center instance's region, built as
   *     {@code AwsClients} does (no SDK retries)
   * @param backoff bounds each grant and revoke: its retries and status polls together
   */
  public IdentityCenterProvider(
      SsoAdminClient ssoAdmin,
      IdentitystoreClient identityStore,
      Clock clock,
      Backoff backoff,
      Sleeper sleeper) {
    this(
        given(ssoAdmin, "ssoAdmin"),
        given(identityStore, "identityStore"),
        clock,
        backoff,
        sleeper);
  }

  /**
   * A provider whose clients are built on its first grant or revoke, not with it: building the
   * Identity Center clients loads hundreds of classes that a function instance serving only reads
   * never needs (the cold-start bench counts them).
   */
  public static IdentityCenterProvider onFirstUse(
      Supplier<SsoAdminClient> ssoAdmin,
      Supplier<IdentitystoreClient> identityStore,
      Clock clock,
      Backoff backoff,
      Sleeper sleeper) {
    return new IdentityCenterProvider(
        Objects.requireNonNull(ssoAdmin, "ssoAdmin"),
        Objects.requireNonNull(identityStore, "identityStore"),
        clock,
        backoff,
        sleeper);
  }

  private IdentityCenterProvider(
      Supplier<SsoAdminClient> ssoAdmin,
      Supplier<IdentitystoreClient> identityStore,
      Clock clock,
      Backoff backoff,
      Sleeper sleeper) {
    this.ssoAdmin = ssoAdmin;
    this.identityStore = identityStore;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.assignments = new ExistingAssignments(ssoAdmin);
  }

  private static <T> Supplier<T> given(T client, String name) {
    Objects.requireNonNull(client, name);
    return () -> client;
  }

  @Override
  public GrantKind kind() {
    return GrantKind.AWS_IDENTITY_CENTER;
  }

  @Override
  public Map<String, String> grant(Grant grant) {
    GrantSpec.AwsIdentityCenter spec = spec(grant);
    Attempts attempts = attempts("granting", grant);
    String userId =
        userId(spec, grant, attempts)
            .orElseThrow(
                () ->
                    new ProviderException(
                        "no Identity Center user with e-mail "
                            + grant.principal().email()
                            + " in identity store "
                            + spec.identityStoreId()));
    Map<String, String> details = new LinkedHashMap<>();
    details.put("identityCenterUserId", userId);
    Optional<AccountAssignmentOperationStatus> started = startCreation(spec, userId, attempts);
    if (started.isEmpty()) {
      details.put("assignment", "already present");
      return details;
    }
    AccountAssignmentOperationStatus done =
        await(
            started.get(),
            attempts,
            "sso:DescribeAccountAssignmentCreationStatus",
            id ->
                ssoAdmin
                    .get()
                    .describeAccountAssignmentCreationStatus(
                        r ->
                            r.instanceArn(spec.instanceArn())
                                .accountAssignmentCreationRequestId(id))
                    .accountAssignmentCreationStatus());
    details.put("assignmentRequestId", done.requestId());
    return details;
  }

  @Override
  public void revoke(Grant grant) {
    GrantSpec.AwsIdentityCenter spec = spec(grant);
    Attempts attempts = attempts("revoking", grant);
    Optional<String> userId = userId(spec, grant, attempts);
    if (userId.isEmpty()) {
      return; // deleting an Identity Center user deletes its assignments with it
    }
    Optional<AccountAssignmentOperationStatus> started =
        startDeletion(spec, userId.get(), attempts);
    if (started.isEmpty()) {
      return;
    }
    await(
        started.get(),
        attempts,
        "sso:DescribeAccountAssignmentDeletionStatus",
        id ->
            ssoAdmin
                .get()
                .describeAccountAssignmentDeletionStatus(
                    r -> r.instanceArn(spec.instanceArn()).accountAssignmentDeletionRequestId(id))
                .accountAssignmentDeletionStatus());
  }

  /**
   * The Identity Center user id of the requester, found by e-mail (Identity Store API reference,
   * GetUserId: the only unique attributes are {@code userName} and {@code emails.value}).
   */
  private Optional<String> userId(
      GrantSpec.AwsIdentityCenter spec, Grant grant, Attempts attempts) {
    try {
      return Optional.of(
          attempts.call(
              "identitystore:GetUserId",
              () ->
                  identityStore
                      .get()
                      .getUserId(
                          r ->
                              r.identityStoreId(spec.identityStoreId())
                                  .alternateIdentifier(
                                      a ->
                                          a.uniqueAttribute(
                                              u ->
                                                  u.attributePath("emails.value")
                                                      .attributeValue(
                                                          Document.fromString(
                                                              grant.principal().email())))))
                      .userId(),
              e ->
                  e
                      instanceof
                      software.amazon.awssdk.services.identitystore.model
                          .ResourceNotFoundException));
    } catch (software.amazon.awssdk.services.identitystore.model.ResourceNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Starts creating the assignment, or returns empty when it already exists. SSO Admin API
   * reference, CreateAccountAssignment: a ConflictException means the assignment exists or another
   * operation on it is under way; only a look at the current assignments tells which, and the
   * second is retried with backoff, as the reference advises. An assignment that is still listed
   * while its deletion runs is not taken as granted: it is about to disappear.
   */
  private Optional<AccountAssignmentOperationStatus> startCreation(
      GrantSpec.AwsIdentityCenter spec, String userId, Attempts attempts) {
    while (true) {
      try {
        return Optional.of(
            attempts.call(
                "sso:CreateAccountAssignment",
                () ->
                    ssoAdmin
                        .get()
                        .createAccountAssignment(
                            r ->
                                r.instanceArn(spec.instanceArn())
                                    .targetId(spec.accountId())
                                    .targetType(TargetType.AWS_ACCOUNT)
                                    .permissionSetArn(spec.permissionSetArn())
                                    .principalType(PrincipalType.USER)
                                    .principalId(userId))
                        .accountAssignmentCreationStatus(),
                ConflictException.class::isInstance));
      } catch (ConflictException e) {
        if (assignments.heldAndNotBeingDeleted(spec, userId, attempts)) {
          return Optional.empty();
        }
        attempts.pause("sso:CreateAccountAssignment: " + AwsErrors.describe(e));
      }
    }
  }

  /**
   * Starts deleting the assignment, or returns empty when it is already gone (SSO Admin API
   * reference, DeleteAccountAssignment: ResourceNotFoundException). A ConflictException is another
   * operation on the same assignment, retried with backoff.
   */
  private Optional<AccountAssignmentOperationStatus> startDeletion(
      GrantSpec.AwsIdentityCenter spec, String userId, Attempts attempts) {
    while (true) {
      try {
        return Optional.of(
            attempts.call(
                "sso:DeleteAccountAssignment",
                () ->
                    ssoAdmin
                        .get()
                        .deleteAccountAssignment(
                            r ->
                                r.instanceArn(spec.instanceArn())
                                    .targetId(spec.accountId())
                                    .targetType(TargetType.AWS_ACCOUNT)
                                    .permissionSetArn(spec.permissionSetArn())
                                    .principalType(PrincipalType.USER)
                                    .principalId(userId))
                        .accountAssignmentDeletionStatus(),
                e -> e instanceof ConflictException || e instanceof ResourceNotFoundException));
      } catch (ResourceNotFoundException e) {
        return Optional.empty();
      } catch (ConflictException e) {
        attempts.pause("sso:DeleteAccountAssignment: " + AwsErrors.describe(e));
      }
    }
  }

  /**
   * Polls an asynchronous creation or deletion until it ends (SSO Admin API reference,
   * DescribeAccountAssignmentCreationStatus and DescribeAccountAssignmentDeletionStatus:
   * IN_PROGRESS, FAILED or SUCCEEDED). A FAILED operation is thrown with AWS's FailureReason.
   */
  private static AccountAssignmentOperationStatus await(
      AccountAssignmentOperationStatus first,
      Attempts attempts,
      String action,
      Function<String, AccountAssignmentOperationStatus> describe) {
    AccountAssignmentOperationStatus status = first;
    String requestId = first.requestId();
    while (status.status() == StatusValues.IN_PROGRESS) {
      attempts.pause(action + ": request " + requestId + " is still IN_PROGRESS");
      status = attempts.call(action, () -> describe.apply(requestId));
    }
    if (status.status() == StatusValues.SUCCEEDED) {
      return status;
    }
    String reason = status.failureReason() == null ? "no reason given" : status.failureReason();
    throw new ProviderException(
        "Identity Center ended "
            + attempts.operation()
            + " "
            + status.statusAsString()
            + " (request "
            + requestId
            + "): "
            + reason);
  }

  private Attempts attempts(String verb, Grant grant) {
    GrantSpec.AwsIdentityCenter spec = spec(grant);
    return new Attempts(
        verb
            + " permission set "
            + spec.permissionSetArn()
            + " in account "
            + spec.accountId()
            + " for "
            + grant.principal().email(),
        backoff,
        sleeper,
        clock);
  }

  private static GrantSpec.AwsIdentityCenter spec(Grant grant) {
    if (grant.spec() instanceof GrantSpec.AwsIdentityCenter spec) {
      return spec;
    }
    throw new IllegalArgumentException(
        "the Identity Center provider cannot grant " + grant.spec().kind().id());
  }
}
