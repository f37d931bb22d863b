package dev.jitgate.domain;

import java.util.Locale;

/** The cloud a grant is made on. */
public enum Cloud {
  AWS,
  AZURE,
  GCP;

  /** The lower-case name used in the API and the policy, such as {@code gcp}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
