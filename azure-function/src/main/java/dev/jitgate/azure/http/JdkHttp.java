package dev.jitgate.azure.http;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * azure-core's HTTP client on the JDK's, the one this module ships, without its warning about
 * {@code Content-Length} on every request that has a body.
 *
 * <p>azure-core sets {@code Content-Length} itself; the JDK client refuses that header and sends
 * its own, computed from the body, so azure-core drops it and logs a WARNING each time (on every
 * Table storage write and every Resource Manager call with a body). Nothing is wrong, yet the
 * warning would fill the function's logs and cost a log write per store write. Only that warning is
 * filtered out; any other restricted header, and everything else the client logs, still shows.
 */
public final class JdkHttp {
  /** The logger azure-core's JDK client logs through (slf4j, bound to java.util.logging). */
  static final String CLIENT_LOGGER = "com.azure.core.http.jdk.httpclient.JdkHttpClient";

  // java.util.logging holds loggers weakly: this reference keeps the filter on the logger.
  private static final Logger CLIENT = Logger.getLogger(CLIENT_LOGGER);

  static {
    CLIENT.setFilter(new WithoutContentLengthWarning(CLIENT.getFilter()));
  }

  private JdkHttp() {}

  /** An azure-core client on a JDK client built from {@code jdk}. */
  public static HttpClient client(java.net.http.HttpClient.Builder jdk) {
    return new JdkHttpClientBuilder(jdk).build();
  }

  /** An azure-core client on the JDK client's defaults. */
  public static HttpClient client() {
    return client(java.net.http.HttpClient.newBuilder());
  }

  /** Drops the one harmless warning, then defers to the filter that was there before. */
  private record WithoutContentLengthWarning(Filter before) implements Filter {
    @Override
    public boolean isLoggable(LogRecord record) {
      String message = record.getMessage();
      boolean contentLengthDropped =
          record.getLevel() == Level.WARNING
              && message != null
              && message.contains("restricted by 'java.net.http.HttpClient'")
              && message.contains("\"headerName\":\"content-length\"");
      return !contentLengthDropped && (before == null || before.isLoggable(record));
    }
  }
}
