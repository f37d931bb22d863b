package dev.jitgate.azure.store;

import com.azure.core.http.HttpClient;
import com.azure.data.tables.TableClientBuilder;
import dev.jitgate.azure.http.JdkHttp;

/** Builders of Table storage clients on the JDK HTTP client, the one this module ships. */
final class TableClients {

  // One client for the process: it pools connections and is safe to share. HTTP/1.1, because the
  // JDK client otherwise offers an h2c upgrade on plain http (Azurite), and Table storage speaks
  // HTTP/1.1 anyway. Set explicitly, or azure-core would look for Netty, which the build excludes.
  private static final HttpClient HTTP =
      JdkHttp.client(
          java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1));

  private TableClients() {}

  /** A builder with the HTTP client set; the caller adds the endpoint, credential and table. */
  static TableClientBuilder builder() {
    return new TableClientBuilder().httpClient(HTTP);
  }
}
