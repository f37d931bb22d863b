package dev.jitgate.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an approver should know about the requester's recent use of one entitlement: how often it
 * was granted to them in the last {@link #LOOKBACK}, and whether they hold it now. It is counted
 * from one bounded page of the requester's newest requests ({@link #PAGE}); when that page is full,
 * older requests were not read, so the count is a lower bound and {@code partial} is true.
 */
public record RequesterHistory(
    EntitlementId entitlement,
    int granted,
    Optional<Instant> heldUntil,
    boolean partial,
    Instant asOf) {

  /** How far back grants are counted. */
  public static final Duration LOOKBACK = Duration.ofDays(30);

  /** The most requests read for one history: one query, one page, never a scan. */
  public static final int PAGE = 100;

  public RequesterHistory {
    Objects.requireNonNull(entitlement, "entitlement");
    heldUntil = heldUntil == null ? Optional.empty() : heldUntil;
    Objects.requireNonNull(asOf, "asOf");
    if (granted < 0) {
      throw new IllegalArgumentException("granted must be 0 or more");
    }
  }

  /**
   * The history of {@code about}'s requester for its entitlement, from {@code newestFirst}: one
   * page of at most {@link #PAGE} of the requester's requests, as the store's by-requester index
   * returns them. {@code about} itself is not counted.
   */
  public static RequesterHistory of(
      AccessRequest about, List<AccessRequest> newestFirst, Instant now) {
    Instant since = now.minus(LOOKBACK);
    int granted = 0;
    Instant heldUntil = null;
    for (AccessRequest r : newestFirst) {
      if (r.id().equals(about.id())
          || !r.entitlement().equals(about.entitlement())
          || !r.requester().equals(about.requester())) {
        continue;
      }
      if (r.activatedAt() != null && !r.activatedAt().isBefore(since)) {
        granted++;
      }
      if (r.state() == RequestState.ACTIVE
          && r.window() != null
          && r.window().end().isAfter(now)
          && (heldUntil == null || r.window().end().isAfter(heldUntil))) {
        heldUntil = r.window().end();
      }
    }
    return new RequesterHistory(
        about.entitlement(),
        granted,
        Optional.ofNullable(heldUntil),
        newestFirst.size() >= PAGE,
        now);
  }
}
