package dev.jitgate.policy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Finds the two shapes of regular expression that backtrack catastrophically in Java's engine: a
 * quantified group that itself holds a quantifier ({@code (a+)+}, {@code (\w*)*}, {@code
 * (a|b+){2,}}) and a back-reference ({@code \1}, {@code \k<name>}). A policy's justification
 * pattern may have neither; the match is bounded at run time as well.
 */
final class RegexRisk {
  private RegexRisk() {}

  /** What is wrong with {@code regex}, or empty when it has neither shape. */
  static Optional<String> problem(String regex) {
    // One entry per open group: whether its content holds a quantifier so far.
    Deque<boolean[]> groups = new ArrayDeque<>();
    boolean quantifiedHere = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 < regex.length()) {
          char next = regex.charAt(i + 1);
          if ((next >= '1' && next <= '9') || next == 'k') {
            return Optional.of("uses a back-reference");
          }
        }
        i++;
        continue;
      }
      if (c == '[') {
        i = classEnd(regex, i);
        continue;
      }
      if (c == '(') {
        groups.push(new boolean[] {quantifiedHere});
        quantifiedHere = false;
        continue;
      }
      if (c == ')') {
        boolean inner = quantifiedHere;
        boolean outer = groups.isEmpty() ? false : groups.pop()[0];
        if (inner && quantifies(regex, i + 1)) {
          return Optional.of("repeats a group that repeats itself (a nested quantifier)");
        }
        quantifiedHere = outer || inner || quantifies(regex, i + 1);
        continue;
      }
      if (c == '*' || c == '+' || (c == '{' && isCount(regex, i))) {
        quantifiedHere = true;
      }
    }
    return Optional.empty();
  }

  /** Whether a quantifier that repeats (not just {@code ?}) starts at {@code at}. */
  private static boolean quantifies(String regex, int at) {
    if (at >= regex.length()) {
      return false;
    }
    char c = regex.charAt(at);
    return c == '*' || c == '+' || (c == '{' && isCount(regex, at) && !exactlyOne(regex, at));
  }

  private static boolean isCount(String regex, int at) {
    return regex.substring(at).matches("(?s)\\{\\d+(,\\d*)?}.*");
  }

  private static boolean exactlyOne(String regex, int at) {
    return regex.startsWith("{1}", at) || regex.startsWith("{0,1}", at);
  }

  /** The index of the {@code ]} that closes the character class opened at {@code open}. */
  private static int classEnd(String regex, int open) {
    int i = open + 1;
    if (i < regex.length() && regex.charAt(i) == '^') {
      i++;
    }
    if (i < regex.length() && regex.charAt(i) == ']') {
      i++;
    }
    for (; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == ']') {
        return i;
      }
    }
    return regex.length();
  }
}
