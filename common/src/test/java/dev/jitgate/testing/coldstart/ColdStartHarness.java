package dev.jitgate.testing.coldstart;

import dev.jitgate.testing.coldstart.BenchSpec.Variant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The cold-start benches' one harness ({@code bench/cold-start}, {@code bench/gcp-cold-start},
 * {@code bench/azure-cold-start}): runs every variant of a {@link BenchSpec} once per round, rounds
 * interleaved so that all see the same machine, then once more each with class loading logged, and
 * prints a Markdown table to standard output: per variant the JVM, its flags (as the JVM itself
 * reports them), the median launch-to-first-response time, the ratio to the baseline's median of
 * the same run, and the classes loaded until the first response (how many came from a CDS archive).
 * Progress goes to standard error.
 *
 * <p>Arguments: {@code SPEC-FILE WORK-DIR}.
 */
public final class ColdStartHarness {
  private ColdStartHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ColdStartHarness SPEC-FILE WORK-DIR");
      System.exit(2);
    }
    BenchSpec spec = BenchSpec.read(Path.of(args[0]));
    Path work = Files.createDirectories(Path.of(args[1]));
    try (FakeRuntimeApi runtimeApi = new FakeRuntimeApi()) {
      ColdStart coldStart = new ColdStart(runtimeApi, work);
      Map<String, List<Long>> times = new LinkedHashMap<>();
      spec.variants().forEach(v -> times.put(v.name(), new ArrayList<>()));
      for (int round = 1; round <= spec.runs(); round++) {
        StringBuilder line = new StringBuilder("run " + round + ":");
        for (Variant variant : spec.variants()) {
          long millis = measure(coldStart, variant, Map.of()).millis();
          times.get(variant.name()).add(millis);
          line.append(' ').append(variant.name()).append(' ').append(millis).append(" ms;");
        }
        System.err.println(line);
      }
      Map<String, Loaded> loaded = new LinkedHashMap<>();
      for (Variant variant : spec.variants()) {
        loaded.put(variant.name(), countClasses(coldStart, variant, work));
      }
      System.out.print(report(spec, times, loaded));
    }
  }

  private static ColdStart.Result measure(
      ColdStart coldStart, Variant variant, Map<String, String> env) throws IOException {
    try {
      return coldStart.run(variant, env);
    } catch (IOException e) {
      System.err.println("the run of " + variant.name() + " failed: " + e.getMessage());
      throw e;
    }
  }

  /** What one extra run logged: classes loaded in all, and of them from a CDS archive. */
  record Loaded(int classes, int shared, String flags) {}

  private static Loaded countClasses(ColdStart coldStart, Variant variant, Path work)
      throws IOException {
    Path log = work.resolve(variant.name().replaceAll("[^A-Za-z0-9]", "_") + ".classes");
    Files.deleteIfExists(log);
    // JAVA_TOOL_OPTIONS reaches the JVM whatever starts it (a bootstrap script, the invoker).
    String options = "-Xlog:class+load=info:file=" + log + " -XX:+PrintCommandLineFlags";
    String existing = variant.env().getOrDefault("JAVA_TOOL_OPTIONS", "");
    ColdStart.Result result =
        measure(
            coldStart, variant, Map.of("JAVA_TOOL_OPTIONS", (existing + " " + options).strip()));
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    int shared =
        (int) lines.stream().filter(l -> l.contains("source: shared objects file")).count();
    String flags =
        Files.readAllLines(result.stdout(), StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith("-XX:"))
            .findFirst()
            .orElse("(not reported)");
    return new Loaded(lines.size(), shared, flags);
  }

  static String report(BenchSpec spec, Map<String, List<Long>> times, Map<String, Loaded> loaded)
      throws IOException, InterruptedException {
    double baseline = median(times.get(spec.baseline()));
    StringBuilder out = new StringBuilder();
    out.append("### ").append(spec.title()).append("\n\n");
    out.append("machine: ").append(load()).append("; ").append(spec.runs());
    out.append(" interleaved runs of each; ratios are to `").append(spec.baseline());
    out.append("` in the same run\n\n");
    out.append("| variant | median ms | ratio | classes loaded (from CDS) | JVM | flags |\n");
    out.append("|---|---:|---:|---:|---|---|\n");
    for (Variant variant : spec.variants()) {
      double median = median(times.get(variant.name()));
      Loaded counted = loaded.get(variant.name());
      out.append("| ").append(variant.name());
      out.append(" | ").append(String.format(Locale.ROOT, "%.0f", median));
      out.append(" | ").append(String.format(Locale.ROOT, "%.2f×", median / baseline));
      out.append(" | ").append(counted.classes()).append(" (").append(counted.shared()).append(')');
      out.append(" | ").append(jvm(variant.java()));
      out.append(" | `").append(counted.flags()).append("` |\n");
    }
    out.append("\nall runs (ms): ");
    out.append(
        times.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining("; ")));
    out.append("\n");
    return out.toString();
  }

  static double median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().collect(Collectors.toList());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  private static String jvm(String java) throws IOException, InterruptedException {
    Process version = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
    String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    version.waitFor();
    String[] lines = text.split("\n");
    // The runtime's line names the exact build: "OpenJDK Runtime Environment (build ...)".
    return java + ": " + (lines.length > 1 ? lines[1].strip() : text.strip());
  }

  private static String load() throws IOException {
    String loadavg = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).strip();
    String[] parts = loadavg.split(" ");
    return "load average "
        + parts[0]
        + " "
        + parts[1]
        + " "
        + parts[2]
        + " on "
        + Runtime.getRuntime().availableProcessors()
        + " cores";
  }
}
