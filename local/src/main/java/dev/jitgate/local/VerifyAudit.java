package dev.jitgate.local;

import dev.jitgate.audit.AuditKey;
import dev.jitgate.audit.ExportVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * {@code verify-audit FILE [--audit-key KEYFILE]}: checks an audit export offline and prints each
 * problem with its line, request and event. The key file holds the audit key as standard base64,
 * the form of {@code JITGATE_AUDIT_KEY} and of the runner's {@code DATA/audit-key}. Exit 0: every
 * check passed; 1: something is broken; 2: the command, the file or the key could not be used.
 */
final class VerifyAudit {
  static final String USAGE = "verify-audit takes an export file and optionally --audit-key FILE";

  private VerifyAudit() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    Path file = null;
    Path keyFile = null;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--audit-key") && i + 1 < args.size()) {
        keyFile = Path.of(args.get(++i));
      } else if (file == null && !args.get(i).startsWith("--")) {
        file = Path.of(args.get(i));
      } else {
        err.println(USAGE + "\n" + LocalSettings.USAGE);
        return 2;
      }
    }
    if (file == null) {
      err.println(USAGE + "\n" + LocalSettings.USAGE);
      return 2;
    }
    Optional<AuditKey> key;
    try {
      key = keyFile == null ? Optional.empty() : Optional.of(readKey(keyFile));
    } catch (IllegalArgumentException | IOException e) {
      err.println(keyFile + ": not an audit key: standard base64 of at least 32 bytes");
      return 2;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      err.println(file + ": not UTF-8 text");
      return 2;
    } catch (IOException e) {
      err.println(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
      return 2;
    }
    ExportVerifier.Report report = ExportVerifier.verify(lines, key);
    String name = file.toString();
    report.problems().forEach(p -> out.println(p.describe(name)));
    out.println(summary(file, report));
    return report.valid() ? 0 : 1;
  }

  private static String summary(Path file, ExportVerifier.Report report) {
    StringBuilder b =
        new StringBuilder(file.toString())
            .append(": ")
            .append(report.events())
            .append(" events of ")
            .append(report.requests())
            .append(" requests; ")
            .append(
                report.valid()
                    ? "every hash chain is intact"
                    : report.problems().size() + " problem(s)");
    b.append(
        report.sealsChecked()
            ? "; seals checked with the audit key"
            : "; seals NOT checked (no --audit-key): the chains are consistent, but anyone could"
                + " have rebuilt them");
    report
        .end()
        .filter(end -> !end.complete())
        .ifPresent(
            end ->
                b.append("; this page is not the whole range: fetch the next with after=")
                    .append(end.next()));
    return b.toString();
  }

  private static AuditKey readKey(Path keyFile) throws IOException {
    byte[] secret =
        Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
    try {
      return new AuditKey(secret);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
  }
}
