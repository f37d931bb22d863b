package dev.jitgate.domain;

/**
 * Whether an ACTIVE request of an entitlement may be extended: at most {@code max} times, and
 * whether each extension needs the entitlement's approvals or is approved when asked.
 */
public record ExtensionRule(int max, boolean approvalRequired) {

  /** No extensions: the default when the policy says nothing. */
  public static final ExtensionRule NONE = new ExtensionRule(0, true);

  public ExtensionRule {
    if (max < 0) {
      throw new IllegalArgumentException("extensions.max must be 0 or more");
    }
  }

  public boolean allowed() {
    return max > 0;
  }
}
