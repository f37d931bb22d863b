package dev.jitgate.notify;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the SMTP server: host, port, sender, optional login, TLS mode and timeouts (each
 * more than zero and at most {@link #MAX_TIMEOUT}). A login needs TLS unless the host is loopback.
 */
public record SmtpSettings(
    String host,
    int port,
    String from,
    Optional<String> username,
    Optional<String> password,
    Tls tls,
    Duration connectTimeout,
    Duration readTimeout) {

  /** No call to the mail server may wait longer than this. */
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);

  /** How the connection is protected. */
  public enum Tls {
    /** Plain text; only sensible on loopback or inside a trusted network. */
    NONE,
    /** STARTTLS when the server offers it, plain text otherwise (open to downgrade). */
    STARTTLS_IF_OFFERED,
    /** STARTTLS, or fail: the usual choice on port 587. */
    STARTTLS_REQUIRED,
    /** TLS from the first byte (SMTPS), usually port 465. */
    IMPLICIT
  }

  public SmtpSettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("the SMTP host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the SMTP port must be 1 to 65535, not " + port);
    }
    MimeMails.sender(Objects.requireNonNull(from, "from"));
    username = username == null ? Optional.empty() : username.filter(u -> !u.isEmpty());
    password = password == null ? Optional.empty() : password.filter(p -> !p.isEmpty());
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException("an SMTP login needs both a username and a password");
    }
    Objects.requireNonNull(tls, "tls");
    if (username.isPresent() && tls == Tls.NONE && !isLoopback(host)) {
      throw new IllegalArgumentException(
          "refusing to send the SMTP password to " + host + " without TLS");
    }
    requireTimeout("connect", connectTimeout);
    requireTimeout("read", readTimeout);
  }

  /** No login, the given TLS mode, and the longest timeouts allowed. */
  public static SmtpSettings of(String host, int port, String from, Tls tls) {
    return new SmtpSettings(
        host, port, from, Optional.empty(), Optional.empty(), tls, MAX_TIMEOUT, MAX_TIMEOUT);
  }

  /** These settings with a login. */
  public SmtpSettings withLogin(String user, String secret) {
    return new SmtpSettings(
        host, port, from, Optional.of(user), Optional.of(secret), tls, connectTimeout, readTimeout);
  }

  /** These settings with other timeouts. */
  public SmtpSettings withTimeouts(Duration connect, Duration read) {
    return new SmtpSettings(host, port, from, username, password, tls, connect, read);
  }

  /** Host and port as {@code host:port}. */
  public String address() {
    return host + ":" + port;
  }

  /** Leaves the password out. */
  @Override
  public String toString() {
    return "SmtpSettings[host="
        + host
        + ", port="
        + port
        + ", from="
        + from
        + ", username="
        + username.orElse("none")
        + ", password="
        + (password.isPresent() ? "<redacted>" : "none")
        + ", tls="
        + tls
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + "]";
  }

  private static void requireTimeout(String which, Duration timeout) {
    Objects.requireNonNull(timeout, which + " timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "the SMTP " + which + " timeout must be more than 0 and at most " + MAX_TIMEOUT);
    }
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
  }
}
