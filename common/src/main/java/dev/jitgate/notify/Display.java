package dev.jitgate.notify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times and one-line texts are shown in mails and chat messages. */
public final class Display {
  /** Mail clients show about this much of a subject; more only hides the end. */
  static final int SUBJECT_LIMIT = 160;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Display() {}

  /**
   * {@code text} on one line: every control character (CR and LF included) becomes a space, runs of
   * spaces shrink to one, and anything past {@code limit} characters is cut with an ellipsis. This
   * is what keeps user text from injecting mail headers through the subject.
   */
  public static String oneLine(String text, int limit) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), limit + 1));
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean blank = Character.isISOControl(c) || Character.isWhitespace(c);
      if (blank) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.append(c);
    }
    if (out.length() <= limit) {
      return out.toString();
    }
    return out.substring(0, Math.max(0, limit - 1)).stripTrailing() + "…";
  }

  /** A mail subject: one line, at most {@link #SUBJECT_LIMIT} characters. */
  static String subject(String text) {
    return oneLine(text, SUBJECT_LIMIT);
  }

  /** A time in UTC to the minute, such as {@code 2026-03-03 09:00 UTC}. */
  public static String time(Instant t) {
    return TIME.format(t);
  }

  /** Text for a plain-text body: line breaks kept as LF, other control characters dropped. */
  static String plain(String text) {
    if (text == null) {
      return "";
    }
    String lf = text.replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder(lf.length());
    lf.codePoints()
        .filter(c -> c == '\n' || c == '\t' || !Character.isISOControl(c))
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
