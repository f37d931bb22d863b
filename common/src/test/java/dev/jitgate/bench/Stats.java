package dev.jitgate.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/** Medians and the formats the benchmarks print. */
public final class Stats {
  /** The columns every benchmark prints, so that bench/run can put them in one table. */
  public static final String HEADER =
      "| benchmark | subject | measured | goal | met |\n|---|---|---|---|---|";

  private Stats() {}

  public static void row(
      PrintStream out, String bench, String subject, String measured, String goal, String met) {
    out.printf("| %s | %s | %s | %s | %s |%n", bench, subject, measured, goal, met);
  }

  /** A row for a ratio goal: met when {@code ratio} is at most {@code target}. */
  public static void goal(
      PrintStream out, String bench, String subject, double ratio, double target) {
    row(out, bench, subject, ratio(ratio), "≤ " + ratio(target), ratio <= target ? "yes" : "no");
  }

  public static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  public static double mean(long[] values) {
    return Arrays.stream(values).average().orElse(0);
  }

  /** The value at quantile {@code q} (0..1), nearest rank. */
  public static long quantile(long[] values, double q) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  public static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
  }

  public static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2f×", r);
  }

  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** The JVM and load line every benchmark prints first. */
  public static String environment() {
    Runtime rt = Runtime.getRuntime();
    double load =
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(
        Locale.ROOT,
        "JVM %s %s, %d cores, max heap %d MiB, load average %.2f, flags %s",
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20,
        load,
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
  }
}
