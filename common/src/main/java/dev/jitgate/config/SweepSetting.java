package dev.jitgate.config;

import dev.jitgate.service.ServiceSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The sweep's settings: {@code JITGATE_SWEEP_CONCURRENCY} (due items of one grant kind worked on at
 * once), {@code JITGATE_SWEEP_TIMEOUT} (the function's timeout, where the platform does not say how
 * much time is left) and {@code JITGATE_SWEEP_RESERVE} (the time kept back for the items already
 * taken).
 */
public final class SweepSetting {
  public static final String CONCURRENCY = "JITGATE_SWEEP_CONCURRENCY";
  public static final String TIMEOUT = "JITGATE_SWEEP_TIMEOUT";
  public static final String RESERVE = "JITGATE_SWEEP_RESERVE";

  private SweepSetting() {}

  /**
   * {@code base} with the sweep's settings from {@code env}; unset ones keep {@code base}'s values,
   * except the timeout, which defaults to {@code platformTimeout}.
   */
  public static ServiceSettings read(
      Environment env, ServiceSettings base, Duration platformTimeout) {
    int concurrency = concurrency(env, base.sweepConcurrency());
    Duration timeout = duration(env, TIMEOUT, platformTimeout);
    Duration reserve = duration(env, RESERVE, base.sweepReserve());
    if (reserve.compareTo(timeout) >= 0) {
      throw env.invalid(
          RESERVE,
          "must be shorter than the sweep's timeout ("
              + TIMEOUT
              + ", "
              + timeout.toSeconds()
              + " s)");
    }
    return base.withSweep(concurrency, timeout, reserve);
  }

  private static int concurrency(Environment env, int fallback) {
    String value = env.optional(CONCURRENCY).orElse(null);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= 1 && n <= ServiceSettings.MAX_SWEEP_CONCURRENCY) {
        return n;
      }
    } catch (NumberFormatException e) {
      // The same error as a number out of range.
    }
    throw env.invalid(
        CONCURRENCY,
        "must be a whole number from 1 to "
            + ServiceSettings.MAX_SWEEP_CONCURRENCY
            + ": how many due items of one grant kind the sweep works on at once");
  }

  /** Whole seconds ({@code 120}) or an ISO-8601 duration ({@code PT2M}), above zero. */
  private static Duration duration(Environment env, String name, Duration fallback) {
    String value = env.optional(name).orElse(null);
    if (value == null) {
      return fallback;
    }
    Duration parsed = null;
    try {
      parsed =
          value.chars().allMatch(Character::isDigit) && value.length() <= 9
              ? Duration.ofSeconds(Long.parseLong(value))
              : Duration.parse(value);
    } catch (DateTimeParseException e) {
      // The same error as a duration that is not positive.
    }
    if (parsed == null || parsed.isNegative() || parsed.isZero()) {
      throw env.invalid(name, "must be whole seconds (120) or an ISO-8601 duration (PT2M)");
    }
    return parsed;
  }
}
