package dev.jitgate.domain;

import java.util.Objects;

/** Someone told about an entitlement's requests besides its approvers: an address or a webhook. */
public sealed interface NotifyTarget {

  /** An e-mail address. */
  record Mail(UserId address) implements NotifyTarget {
    public Mail {
      Objects.requireNonNull(address, "address");
    }
  }

  /** A webhook defined in the policy, by name. */
  record Webhook(String name) implements NotifyTarget {
    public Webhook {
      Objects.requireNonNull(name, "webhook name");
    }
  }
}
