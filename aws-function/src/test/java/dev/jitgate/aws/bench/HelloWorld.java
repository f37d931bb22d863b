package dev.jitgate.aws.bench;

/** The plain JVM start the cold start is compared with: prints the time and exits. */
public final class HelloWorld {
  private HelloWorld() {}

  public static void main(String[] args) {
    System.out.println("first-response-at=" + System.currentTimeMillis());
  }
}
