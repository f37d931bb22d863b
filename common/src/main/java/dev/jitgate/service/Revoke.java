package dev.jitgate.service;

import dev.jitgate.domain.RequestId;
import java.util.Objects;

/** End an ACTIVE request's access before its window does, with an optional reason. */
public record Revoke(RequestId request, String reason) {
  public Revoke {
    Objects.requireNonNull(request, "request");
    reason = Text.check("reason", reason, false);
  }
}
