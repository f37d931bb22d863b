package dev.jitgate.testing;

/**
 * The plain JVM start the cold-start benches compare with: prints the time in their marker format
 * ({@code first-response-at=<epoch ms>}) and exits.
 */
public final class HelloWorld {
  private HelloWorld() {}

  public static void main(String[] args) {
    System.out.println("first-response-at=" + System.currentTimeMillis());
  }
}
