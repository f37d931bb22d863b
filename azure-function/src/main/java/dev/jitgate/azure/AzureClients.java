package dev.jitgate.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.jitgate.azure.http.JdkHttp;
import dev.jitgate.azure.provider.AzureProviders;
import dev.jitgate.config.Environment;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.List;

/**
 * What every Azure client of one function instance shares: the JDK HTTP client (no Netty) and the
 * function's managed identity ({@code AZURE_CLIENT_ID} names a user-assigned one). Building them
 * opens no connection; the identity fetches a token on the first call that needs one.
 */
final class AzureClients {
  static final String TENANT = "JITGATE_AZURE_TENANT_ID";

  private final Environment env;
  private final HttpClient http;
  private final TokenCredential credential;

  AzureClients(Environment env, HttpClient http, TokenCredential credential) {
    this.env = env;
    this.http = http;
    this.credential = credential;
  }

  static AzureClients fromEnvironment(Environment env) {
    ManagedIdentityCredentialBuilder identity = new ManagedIdentityCredentialBuilder();
    env.optional("AZURE_CLIENT_ID").ifPresent(identity::clientId);
    HttpClient http = JdkHttp.client();
    return new AzureClients(env, http, identity.httpClient(http).build());
  }

  HttpClient http() {
    return http;
  }

  TokenCredential credential() {
    return credential;
  }

  /** The PIM and RBAC providers, authenticated in {@code JITGATE_AZURE_TENANT_ID}. */
  List<AccessProvider> providers(Clock clock) {
    String tenant =
        env.required(TENANT, "the Entra tenant id the Resource Manager clients authenticate in");
    AzureProfile profile = new AzureProfile(tenant, null, AzureEnvironment.AZURE);
    return AzureProviders.create(credential, profile, http, clock, Sleeper.SYSTEM).all();
  }
}
