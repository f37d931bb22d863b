package dev.jitgate.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one sweep did; all zero when there was nothing due. {@code revoked} counts early revokes
 * someone started that the sweep finished; {@code endRetries} counts ends whose cloud call failed
 * and will be tried again; {@code left} counts due items it read but left for the next sweep
 * because its time ran short (more may be due behind them), which are not changes.
 */
public record SweepReport(
    int timedOut,
    int activated,
    int activationRetries,
    int failed,
    int expired,
    int revoked,
    int endRetries,
    int left,
    int reminded,
    int escalated) {

  public static final SweepReport NOTHING = new SweepReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  static SweepReport timedOutOne() {
    return new SweepReport(1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  static SweepReport activatedOne() {
    return new SweepReport(0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  static SweepReport activationRetryOne() {
    return new SweepReport(0, 0, 1, 0, 0, 0, 0, 0, 0, 0);
  }

  static SweepReport failedOne() {
    return new SweepReport(0, 0, 0, 1, 0, 0, 0, 0, 0, 0);
  }

  static SweepReport expiredOne() {
    return new SweepReport(0, 0, 0, 0, 1, 0, 0, 0, 0, 0);
  }

  static SweepReport revokedOne() {
    return new SweepReport(0, 0, 0, 0, 0, 1, 0, 0, 0, 0);
  }

  static SweepReport endRetryOne() {
    return new SweepReport(0, 0, 0, 0, 0, 0, 1, 0, 0, 0);
  }

  static SweepReport remindedOne() {
    return new SweepReport(0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
  }

  static SweepReport escalatedOne() {
    return new SweepReport(0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  }

  static SweepReport leftFor(int items) {
    return new SweepReport(0, 0, 0, 0, 0, 0, 0, items, 0, 0);
  }

  public int changes() {
    return timedOut
        + activated
        + activationRetries
        + failed
        + expired
        + revoked
        + endRetries
        + reminded
        + escalated;
  }

  /**
   * Every count by name, in a fixed order, then {@code changes} and {@code left}: what the
   * functions log as one JSON line and the local runner prints.
   */
  public Map<String, Integer> counts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put("timedOut", timedOut);
    counts.put("activated", activated);
    counts.put("activationRetries", activationRetries);
    counts.put("failed", failed);
    counts.put("expired", expired);
    counts.put("revoked", revoked);
    counts.put("endRetries", endRetries);
    counts.put("reminded", reminded);
    counts.put("escalated", escalated);
    counts.put("changes", changes());
    counts.put("left", left);
    return counts;
  }

  SweepReport plus(SweepReport o) {
    return new SweepReport(
        timedOut + o.timedOut,
        activated + o.activated,
        activationRetries + o.activationRetries,
        failed + o.failed,
        expired + o.expired,
        revoked + o.revoked,
        endRetries + o.endRetries,
        left + o.left,
        reminded + o.reminded,
        escalated + o.escalated);
  }

  /**
   * The one JSON line every cloud's sweep logs: {@code {"log":"jitgate.sweep", ...counts}}, for the
   * platforms' log collectors to parse.
   */
  public String logLine() {
    StringBuilder line = new StringBuilder("{\"log\":\"jitgate.sweep\"");
    counts().forEach((name, count) -> line.append(",\"").append(name).append("\":").append(count));
    return line.append('}').toString();
  }
}
