package dev.jitgate.domain;

/**
 * Text that a regular expression may read only so often: past its budget of character reads it
 * throws, so a pattern that backtracks without end (such as {@code ^(a+)+$} on a long run of a's
 * and one other character) stops instead of holding a thread.
 */
final class BoundedText implements CharSequence {
  /** Thrown when the budget is spent. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super("the pattern read the text too often", null, false, false);
    }
  }

  private final CharSequence text;
  private final long[] left;

  BoundedText(CharSequence text, long budget) {
    this(text, new long[] {budget});
  }

  private BoundedText(CharSequence text, long[] left) {
    this.text = text;
    this.left = left;
  }

  @Override
  public char charAt(int index) {
    if (--left[0] < 0) {
      throw new Exhausted();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.subSequence(start, end), left);
  }

  @Override
  public String toString() {
    return text.toString();
  }
}
