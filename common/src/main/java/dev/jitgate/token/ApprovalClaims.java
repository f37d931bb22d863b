package dev.jitgate.token;

import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import java.time.Instant;
import java.util.Objects;

/** What a verified approval link says: who may decide which request, until when. */
public record ApprovalClaims(
    RequestId requestId, UserId approver, Instant expiresAt, String keyId, String nonce) {
  public ApprovalClaims {
    Objects.requireNonNull(requestId, "request id");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(expiresAt, "expiry");
    Objects.requireNonNull(keyId, "key id");
    Objects.requireNonNull(nonce, "nonce");
  }
}
