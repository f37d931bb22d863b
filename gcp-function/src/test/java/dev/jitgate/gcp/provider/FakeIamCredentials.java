package dev.jitgate.gcp.provider;

import com.google.cloud.iam.credentials.v1.GenerateAccessTokenRequest;
import com.google.cloud.iam.credentials.v1.GenerateAccessTokenResponse;
import com.google.cloud.iam.credentials.v1.IAMCredentialsGrpc;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * IAM Credentials' generateAccessToken as jitgate relies on it, behind the real gRPC service: the
 * name must be {@code projects/-/serviceAccounts/<email>} of an existing account, the lifetime is
 * at most one hour (3600 s, the default when none is given), at least one scope is needed, and the
 * caller needs getAccessToken on the account. Every request is recorded as received.
 */
public final class FakeIamCredentials extends IAMCredentialsGrpc.IAMCredentialsImplBase {
  private static final String PREFIX = "projects/-/serviceAccounts/";

  private final Clock clock;
  private final Set<String> accounts = new HashSet<>();
  private final Set<String> denied = new HashSet<>();
  private final Deque<Status> failures = new ArrayDeque<>();
  private final List<GenerateAccessTokenRequest> requests = new ArrayList<>();
  private int issued;

  FakeIamCredentials(Clock clock) {
    this.clock = clock;
  }

  synchronized void createServiceAccount(String email) {
    accounts.add(email);
  }

  /** jitgate's identity lacks iam.serviceAccounts.getAccessToken on {@code email}. */
  synchronized void deny(String email) {
    denied.add(email);
  }

  /** The next calls fail with these statuses, one each, before any other check. */
  synchronized void failNext(Status... statuses) {
    failures.addAll(List.of(statuses));
  }

  public synchronized List<GenerateAccessTokenRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void generateAccessToken(
      GenerateAccessTokenRequest request, StreamObserver<GenerateAccessTokenResponse> answer) {
    GenerateAccessTokenResponse response;
    synchronized (this) {
      requests.add(request);
      Status refused = refusal(request);
      if (refused != null) {
        answer.onError(refused.asException());
        return;
      }
      long seconds = request.hasLifetime() ? request.getLifetime().getSeconds() : 3600;
      Instant expiry = clock.instant().plusSeconds(seconds);
      issued++;
      response =
          GenerateAccessTokenResponse.newBuilder()
              .setAccessToken("ya29.fake-token-" + issued)
              .setExpireTime(
                  Timestamp.newBuilder()
                      .setSeconds(expiry.getEpochSecond())
                      .setNanos(expiry.getNano()))
              .build();
    }
    answer.onNext(response);
    answer.onCompleted();
  }

  private Status refusal(GenerateAccessTokenRequest request) {
    if (!failures.isEmpty()) {
      return failures.poll();
    }
    if (!request.getName().startsWith(PREFIX)) {
      return Status.INVALID_ARGUMENT.withDescription("Invalid form of account ID");
    }
    String email = request.getName().substring(PREFIX.length());
    if (denied.contains(email)) {
      return Status.PERMISSION_DENIED.withDescription(
          "Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not"
              + " exist).");
    }
    if (!accounts.contains(email)) {
      return Status.NOT_FOUND.withDescription("Not found; Gaia id not found for email " + email);
    }
    if (request.getScopeCount() == 0) {
      return Status.INVALID_ARGUMENT.withDescription("Scope required.");
    }
    long seconds = request.getLifetime().getSeconds();
    if (request.hasLifetime() && (seconds < 1 || seconds > 3600)) {
      return Status.INVALID_ARGUMENT.withDescription(
          "The lifetime must be between 1 and 3600 seconds.");
    }
    return null;
  }
}
