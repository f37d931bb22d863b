package dev.jitgate.slack;

import com.slack.api.model.User;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.UserId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns the Slack user who clicked into the jitgate caller they are: their e-mail from {@code
 * users.info} (which needs the {@code users:read.email} scope). A found e-mail is cached for a
 * short time, in a bounded map, so a burst of clicks costs one lookup; a failed lookup is not
 * cached. The caller has no groups: only the policy's own groups and {@code user:} entries count
 * for a decision from Slack, as for an approval link without sign-in.
 */
final class SlackUsers {
  static final Duration TTL = Duration.ofMinutes(5);
  static final int CAPACITY = 1000;

  private final SlackApi api;
  private final Clock clock;
  private final Map<String, Cached> cache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
          return size() > CAPACITY;
        }
      };

  private record Cached(UserId email, Instant until) {}

  /** Why a Slack user cannot decide; the message is shown to them. */
  static final class UnknownUser extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownUser(String message) {
      super(message);
    }
  }

  SlackUsers(SlackApi api, Clock clock) {
    this.api = api;
    this.clock = clock;
  }

  /**
   * The caller behind {@code slackUserId}.
   *
   * @throws UnknownUser when Slack does not know them, they are a bot or deactivated, or Slack
   *     shows no e-mail for them
   * @throws SlackException when Slack could not be asked
   */
  Caller caller(String slackUserId) {
    UserId email = email(slackUserId);
    return new Caller("slack:" + slackUserId, email, Set.of(), Map.of("slack_user", slackUserId));
  }

  private UserId email(String slackUserId) {
    Instant now = clock.instant();
    synchronized (cache) {
      Cached cached = cache.get(slackUserId);
      if (cached != null && now.isBefore(cached.until())) {
        return cached.email();
      }
    }
    User user;
    try {
      user = api.user(slackUserId);
    } catch (SlackException e) {
      if (e.error().startsWith("user_not_found") || e.error().startsWith("user_not_visible")) {
        throw new UnknownUser(
            "jitgate cannot find your Slack user, so it cannot tell who you are. Decide from the"
                + " approval link in your mail instead.");
      }
      throw e;
    }
    if (user == null || user.isDeleted() || user.isBot() || user.isAppUser()) {
      throw new UnknownUser("only a person with an active Slack account can decide requests.");
    }
    String address = user.getProfile() == null ? null : user.getProfile().getEmail();
    if (address == null || address.isBlank()) {
      throw new UnknownUser(
          "Slack shows no e-mail address for you, so jitgate cannot tell who you are. Decide"
              + " from the approval link in your mail instead.");
    }
    UserId email;
    try {
      email = new UserId(address);
    } catch (IllegalArgumentException e) {
      throw new UnknownUser(
          "the e-mail address Slack shows for you is not one jitgate accepts. Decide from the"
              + " approval link in your mail instead.");
    }
    synchronized (cache) {
      cache.put(slackUserId, new Cached(email, now.plus(TTL)));
    }
    return email;
  }
}
