package dev.jitgate.auth;

import dev.jitgate.domain.Caller;
import dev.jitgate.domain.UserId;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.CallerEvidence;
import dev.jitgate.port.UnauthenticatedException;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Development sign-in that believes the {@code X-Jitgate-User} and {@code X-Jitgate-Groups}
 * headers. Anyone can send them, so only the local runner may wire this in, and only when it
 * listens on loopback; no deployment may ever use it. It also makes up the caller's Entra object id
 * from the address, for the runner's simulated Azure grants.
 */
public final class DevHeaderAuthenticator implements Authenticator {
  public static final String USER_HEADER = "X-Jitgate-User";
  public static final String GROUPS_HEADER = "X-Jitgate-Groups";

  private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,128}");

  @Override
  public Caller authenticate(CallerEvidence headers) {
    String email = headers.first(USER_HEADER).map(String::strip).orElse("");
    if (email.isEmpty()) {
      throw new UnauthenticatedException(
          "sign in (development): send '" + USER_HEADER + ": <your e-mail address>'");
    }
    if (!UserId.isValid(email)) {
      throw new UnauthenticatedException(
          USER_HEADER + " must be an e-mail address, like alice@example.com");
    }
    return Caller.of(email, groups(headers).toArray(String[]::new));
  }

  private static Set<String> groups(CallerEvidence headers) {
    Set<String> groups = new LinkedHashSet<>();
    for (String entry : headers.first(GROUPS_HEADER).orElse("").split(",", -1)) {
      String name = entry.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!GROUP_NAME.matcher(name).matches()) {
        throw new UnauthenticatedException(
            GROUPS_HEADER
                + " holds comma-separated group names of letters, digits, '.', '_', '@' and '-',"
                + " at most 128 characters each");
      }
      groups.add(name);
    }
    return groups;
  }
}
