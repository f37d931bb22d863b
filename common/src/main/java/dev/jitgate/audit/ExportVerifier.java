package dev.jitgate.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks an audit export offline: each event's hash against its content, the links between the
 * events of each request in the file, that no event of a request is missing between two it holds or
 * out of order, the end line's count and digest, and, given the audit key, every seal. It names
 * each problem with its line, request and seq.
 */
public final class ExportVerifier {
  private ExportVerifier() {}

  /** One thing wrong, where it is: line 0 is the file as a whole. */
  public record Problem(int line, String requestId, long seq, String what) {

    /** {@code FILE:LINE: request R, event S: WHAT}. */
    public String describe(String file) {
      StringBuilder b = new StringBuilder(file).append(':');
      if (line > 0) {
        b.append(line).append(':');
      }
      if (requestId != null) {
        b.append(" request ").append(requestId).append(',');
      }
      if (seq > 0) {
        b.append(" event ").append(seq).append(':');
      }
      return b.append(' ').append(what).toString();
    }
  }

  /**
   * What was found: the problems, how many events of how many requests, whether seals were checked,
   * and the end line when there was one.
   */
  public record Report(
      List<Problem> problems,
      long events,
      int requests,
      boolean sealsChecked,
      Optional<ExportLines.End> end) {

    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /** Verifies the lines of one export; with {@code key}, the seals too. */
  public static Report verify(List<String> lines, Optional<AuditKey> key) {
    List<Problem> problems = new ArrayList<>();
    Map<String, Last> chains = new HashMap<>();
    MessageDigest digest = sha256();
    ExportLines.End end = null;
    long events = 0;
    for (int i = 0; i < lines.size(); i++) {
      int lineNo = i + 1;
      String text = lines.get(i);
      if (end != null) {
        if (!text.isBlank()) {
          problems.add(new Problem(lineNo, null, 0, "text after the end line"));
        }
        continue;
      }
      ExportLines.Line line;
      try {
        line = ExportLines.parse(text);
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(lineNo, null, 0, "unreadable line: " + e.getMessage()));
        digest.update((text + "\n").getBytes(StandardCharsets.UTF_8));
        continue;
      }
      if (line instanceof ExportLines.End found) {
        end = found;
        checkEnd(found, events, HexFormat.of().formatHex(digest.digest()), key, lineNo, problems);
        continue;
      }
      digest.update((text + "\n").getBytes(StandardCharsets.UTF_8));
      ExportLines.Event event = (ExportLines.Event) line;
      events++;
      checkEvent(event, lineNo, chains, key, problems);
    }
    if (end == null) {
      problems.add(
          new Problem(0, null, 0, "there is no end line: the export was cut off or truncated"));
    }
    return new Report(
        List.copyOf(problems), events, chains.size(), key.isPresent(), Optional.ofNullable(end));
  }

  private static void checkEvent(
      ExportLines.Event line,
      int lineNo,
      Map<String, Last> chains,
      Optional<AuditKey> key,
      List<Problem> problems) {
    String id = line.requestId();
    AuditEvent e = line.event();
    if (!AuditChain.intact(e)) {
      problems.add(
          new Problem(lineNo, id, e.seq(), "its hash does not match its content: it was altered"));
    }
    if (key.isPresent() && !key.get().sealMatches(e)) {
      problems.add(
          new Problem(
              lineNo,
              id,
              e.seq(),
              e.seal() == null
                  ? "it carries no seal"
                  : "its seal does not match the audit key (another key, or a forged event)"));
    }
    Last last = chains.get(id);
    if (last == null) {
      if (e.seq() == 1 && !e.prev().equals(AuditChain.genesis(id))) {
        problems.add(
            new Problem(
                lineNo, id, e.seq(), "the first event does not start this request's chain"));
      }
      chains.put(id, new Last(e.seq(), e.hash(), lineNo));
      return;
    }
    if (e.seq() <= last.seq()) {
      problems.add(
          new Problem(
              lineNo,
              id,
              e.seq(),
              "out of order: it comes after event " + last.seq() + " (line " + last.line() + ")"));
      return;
    }
    if (e.seq() > last.seq() + 1) {
      problems.add(
          new Problem(
              lineNo,
              id,
              e.seq(),
              (e.seq() == last.seq() + 2
                      ? "event " + (last.seq() + 1) + " is missing"
                      : "events " + (last.seq() + 1) + " to " + (e.seq() - 1) + " are missing")
                  + " after line "
                  + last.line()));
    } else if (!e.prev().equals(last.hash())) {
      problems.add(
          new Problem(
              lineNo,
              id,
              e.seq(),
              "it does not follow event " + last.seq() + ": its prev is not that event's hash"));
    }
    chains.put(id, new Last(e.seq(), e.hash(), lineNo));
  }

  private static void checkEnd(
      ExportLines.End end,
      long events,
      String sha256,
      Optional<AuditKey> key,
      int lineNo,
      List<Problem> problems) {
    if (end.events() != events) {
      problems.add(
          new Problem(
              lineNo,
              null,
              0,
              "the end line counts " + end.events() + " events, the file holds " + events));
    }
    if (!end.sha256().equals(sha256)) {
      problems.add(
          new Problem(
              lineNo,
              null,
              0,
              "the lines before the end line are not the ones exported"
                  + " (their SHA-256 differs: a line was changed, added, removed or moved)"));
    }
    if (key.isPresent()
        && !MessageDigest.isEqual(ascii(end.seal()), ascii(key.get().exportSeal(end.summary())))) {
      problems.add(
          new Problem(lineNo, null, 0, "the end line's seal does not match the audit key"));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private record Last(long seq, String hash, int line) {}
}
