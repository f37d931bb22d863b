package dev.jitgate.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jitgate.domain.Caller;
import dev.jitgate.domain.PrincipalId;
import dev.jitgate.domain.UserId;
import dev.jitgate.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The console's own session, after an OIDC or development sign-in: a sealed cookie that names the
 * caller (subject, e-mail, groups, Entra object id) and a random session id that CSRF tokens are
 * bound to. It ends after its lifetime, whatever the visitor does; there is no server-side state.
 */
public final class Sessions {
  static final String PURPOSE = "session";

  /** The longest session allowed. */
  public static final Duration MAX_LIFETIME = Duration.ofHours(12);

  private final SessionSeal seal;
  private final Cookies cookies;
  private final Duration lifetime;

  public Sessions(SessionSeal seal, Cookies cookies, Duration lifetime) {
    this.seal = Objects.requireNonNull(seal, "seal");
    this.cookies = Objects.requireNonNull(cookies, "cookies");
    if (lifetime.isNegative()
        || lifetime.isZero()
        || lifetime.compareTo(MAX_LIFETIME) > 0
        || lifetime.toSeconds() < 60) {
      throw new IllegalArgumentException("a console session lasts from 1 minute to 12 hours");
    }
    this.lifetime = lifetime;
  }

  SessionSeal seal() {
    return seal;
  }

  Cookies cookies() {
    return cookies;
  }

  /** The {@code Set-Cookie} value that signs {@code caller} in for the session's lifetime. */
  String start(Caller caller) {
    ObjectNode payload = SessionSeal.object();
    payload.put("sid", SessionSeal.random());
    payload.put("sub", caller.subject());
    payload.put("email", caller.email().email());
    caller.groups().forEach(payload.putArray("groups")::add);
    if (!payload.has("groups")) {
      payload.putArray("groups");
    }
    caller.entraObjectId().ifPresent(oid -> payload.put("oid", oid.value()));
    String value = seal.seal(PURPOSE, payload, seal.clock().instant().plus(lifetime));
    return cookies.set(value, lifetime.toSeconds());
  }

  /** The visitor the request's session cookie names, while the session lasts. */
  Optional<Visitor> read(HttpRequest request) {
    return cookies.read(request).flatMap(v -> seal.open(PURPOSE, v)).flatMap(Sessions::visitor);
  }

  private static Optional<Visitor> visitor(JsonNode session) {
    String email = session.path("email").asText("");
    String sid = session.path("sid").asText("");
    String sub = session.path("sub").asText("");
    if (!UserId.isValid(email) || sid.isEmpty() || sub.isEmpty()) {
      return Optional.empty();
    }
    Set<String> groups = new LinkedHashSet<>();
    session.path("groups").forEach(g -> groups.add(g.asText()));
    Map<String, Object> claims =
        session.path("oid").isTextual()
            ? Map.of(PrincipalId.ENTRA_OBJECT_ID_CLAIM, session.path("oid").asText())
            : Map.of();
    return Optional.of(
        new Visitor(new Caller(sub, new UserId(email), groups, claims), "session|" + sid, true));
  }
}
