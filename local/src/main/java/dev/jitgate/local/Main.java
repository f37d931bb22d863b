package dev.jitgate.local;

import dev.jitgate.policy.Policy;
import dev.jitgate.policy.PolicyException;
import dev.jitgate.policy.PolicyProblem;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

/** The local runner's command line: run the system on loopback, or validate a policy file. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.setProperty(
        "java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT %4$s %3$s: %5$s%6$s%n");
    int status = run(args, System.out, System.err);
    if (status != RUNNING) {
      System.exit(status);
    }
  }

  /** The status {@link #run} returns while the server keeps running. */
  static final int RUNNING = -1;

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      out.println(LocalSettings.USAGE);
      return 0;
    }
    if (args.length > 0 && args[0].equals("validate")) {
      if (args.length != 2) {
        err.println("validate takes one policy file\n" + LocalSettings.USAGE);
        return 2;
      }
      return validate(Path.of(args[1]), out, err);
    }
    if (args.length > 0 && args[0].equals("verify-audit")) {
      return VerifyAudit.run(java.util.List.of(args).subList(1, args.length), out, err);
    }
    LocalSettings settings;
    try {
      settings = LocalSettings.parse(args);
    } catch (LocalSettings.UsageException e) {
      err.println(e.getMessage() + "\n" + LocalSettings.USAGE);
      return 2;
    }
    try {
      LocalSettings.LocalPolicy policy = settings.loadPolicy();
      if (policy.bundled()) {
        out.println(
            "no --policy given and no "
                + LocalSettings.EXAMPLE_POLICY
                + " in "
                + Path.of("").toAbsolutePath()
                + ": using the example policy bundled in the jar");
      }
      LocalRunner runner = LocalRunner.start(settings, policy.policy(), Clock.systemUTC(), out);
      Runtime.getRuntime().addShutdownHook(new Thread(runner::close, "jitgate-shutdown"));
      out.println(banner(settings, policy.source(), runner));
      return RUNNING;
    } catch (PolicyException e) {
      printProblems(e, err);
      return 1;
    } catch (UncheckedIOException | IllegalStateException e) {
      // Such as a secret the policy's webhooks or slack: section names, missing from the
      // environment: the message names the variable, never a value.
      err.println("jitgate could not start: " + e.getMessage());
      return 1;
    }
  }

  static int validate(Path file, PrintStream out, PrintStream err) {
    try {
      Policy policy = Policy.load(file);
      for (PolicyProblem warning : policy.warnings()) {
        out.println(warning.describe(file.toString()));
      }
      policy
          .auditorsWarning()
          .ifPresent(w -> out.println(file + ": warning: field 'groups': " + w));
      int warnings = policy.warnings().size() + (policy.auditorsWarning().isPresent() ? 1 : 0);
      out.println(
          file
              + " is valid: "
              + policy.entitlements().size()
              + " entitlements, "
              + warnings
              + " warnings");
      return 0;
    } catch (PolicyException e) {
      printProblems(e, err);
      return 1;
    }
  }

  private static void printProblems(PolicyException e, PrintStream err) {
    for (PolicyProblem problem : e.problems()) {
      err.println(problem.describe(e.sourceName()));
    }
    err.println(
        e.sourceName()
            + ": "
            + e.problems().size()
            + " problem"
            + (e.problems().size() == 1 ? "" : "s"));
  }

  private static String banner(LocalSettings settings, String policy, LocalRunner runner) {
    String base = "http://127.0.0.1:" + runner.port();
    return """
        jitgate local runner on %s
          policy %s, data in %s, sweep every %s
          mail goes to %s; approval links start with %s/approvals/
          open the console: %s/console/
          or try: curl -H 'X-Jitgate-User: alice@example.com' %s/api/v1/entitlements"""
        .formatted(
            base,
            policy,
            settings.data().toAbsolutePath().normalize(),
            settings.sweepInterval(),
            settings.data().resolve("outbox"),
            runner.baseUrl(),
            base,
            base);
  }
}
