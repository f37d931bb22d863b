package dev.jitgate.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Helps messages about misspelt names: the likely intended name, and lists of the valid ones. */
final class Spelling {
  private Spelling() {}

  /**
   * The candidate nearest {@code word}, ignoring case, if it is within one edit (two for words
   * longer than four letters), or starts with a word of three letters or more.
   */
  static Optional<String> closest(String word, Collection<String> candidates) {
    String best = null;
    int bestDistance = word.length() > 4 ? 3 : 2;
    String typed = word.toLowerCase(Locale.ROOT);
    for (String candidate : candidates) {
      String known = candidate.toLowerCase(Locale.ROOT);
      int distance = typed.length() >= 3 && known.startsWith(typed) ? 1 : distance(typed, known);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** "a, b or c". */
  static String oneOf(Collection<String> names) {
    List<String> list = new ArrayList<>(names);
    if (list.size() <= 1) {
      return String.join("", list);
    }
    return String.join(", ", list.subList(0, list.size() - 1)) + " or " + list.get(list.size() - 1);
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
