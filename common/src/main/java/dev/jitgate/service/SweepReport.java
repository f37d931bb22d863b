package dev.jitgate.service;

/** What one sweep did; all zero when there was nothing due. */
public record SweepReport(
    int timedOut, int activated, int activationRetries, int failed, int expired, int endRetries) {

  public static final SweepReport NOTHING = new SweepReport(0, 0, 0, 0, 0, 0);

  public int changes() {
    return timedOut + activated + activationRetries + failed + expired + endRetries;
  }

  SweepReport plus(SweepReport o) {
    return new SweepReport(
        timedOut + o.timedOut,
        activated + o.activated,
        activationRetries + o.activationRetries,
        failed + o.failed,
        expired + o.expired,
        endRetries + o.endRetries);
  }
}
