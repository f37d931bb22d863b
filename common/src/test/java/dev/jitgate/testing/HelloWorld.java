package dev.jitgate.testing;

/**
 * The plain JVM start the cold-start benches compare with: prints the time and exits. It is alone
 * on its classpath in a bench run, so that the JVM does nothing else.
 */
public final class HelloWorld {
  private HelloWorld() {}

  public static void main(String[] args) {
    System.out.println("first-response-at=" + System.currentTimeMillis());
  }
}
