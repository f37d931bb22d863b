package dev.jitgate.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.gcp.store.FirestoreEmulator;
import dev.jitgate.gcp.store.FirestoreRequestStore;
import dev.jitgate.gcp.store.OnFirestoreEmulator;
import dev.jitgate.testing.IdentityProviderStub;
import dev.jitgate.testing.SigningKeysJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployable jar that {@code package} built, served by Google's invoker in a child JVM as Cloud
 * Run functions serve it, with the Firestore emulator, an identity provider on loopback and a
 * service-account key that lets Google's clients start without a network. What the POM leaves out
 * of the jar is checked to be gone, and these calls prove that the function starts, authenticates
 * and reads and writes Firestore without it; {@link ShadedJarGoogleCallsIT} proves the same for the
 * calls to Resource Manager and IAM Credentials, whose clients are made only at a grant. Runs in
 * {@code verify}, after the jar exists.
 */
@ExtendWith(OnFirestoreEmulator.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShadedJarIT {
  private static final Path JAR = Path.of("target", "jitgate-gcp.jar");
  private static final long MAX_BYTES = 40L * 1024 * 1024;
  private static final String TARGET = "dev.jitgate.gcp.handler.ApiFunction";
  private static final String PROJECT = "jitgate-shaded-jar";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the POM leaves out: unused transports, exporters and the legacy HTTP client. */
  private static final List<String> LEFT_OUT =
      List.of(
          "org/apache/http/",
          "org/apache/commons/codec/",
          "com/google/api/client/http/apache/",
          "com/google/api/client/googleapis/",
          "com/google/api/client/auth/oauth2/",
          "com/google/api/services/",
          "com/google/cloud/http/",
          "com/google/cloud/resourcemanager/ResourceManager.class",
          "io/grpc/xds/",
          "io/grpc/googleapis/",
          "io/grpc/grpclb/",
          "io/grpc/services/",
          "io/grpc/inprocess/",
          "dev/cel/",
          "com/google/re2j/",
          "org/threeten/extra/",
          "org/conscrypt/",
          "io/opentelemetry/sdk/",
          "com/google/cloud/opentelemetry/",
          "com/google/cloud/monitoring/",
          "com/google/monitoring/",
          "META-INF/native-image/");

  private static IdentityProviderStub idp;
  private static InvokerProcess invoker;
  private static Firestore firestore;

  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void serveTheJar(FirestoreEmulator emulator, @TempDir Path dir) throws Exception {
    idp = new IdentityProviderStub();
    firestore = emulator.client(PROJECT);
    Path policy = Path.of(ShadedJarIT.class.getResource("/policy/gcp-test-policy.yaml").toURI());
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("HOME", dir.toString()),
            Map.entry("FIRESTORE_EMULATOR_HOST", emulator.hostAndPort()),
            Map.entry("JITGATE_GCP_PROJECT", PROJECT),
            Map.entry(
                "GOOGLE_APPLICATION_CREDENTIALS",
                FakeServiceAccountKey.write(dir.resolve("key.json"), PROJECT).file().toString()),
            Map.entry("JITGATE_POLICY", policy.toString()),
            Map.entry("JITGATE_BASE_URL", "https://jitgate.example.com"),
            Map.entry("JITGATE_SIGNING_KEYS", SigningKeysJson.of("k1", "k1")),
            Map.entry("JITGATE_AUDIT_KEY", SigningKeysJson.auditKey()),
            Map.entry("JITGATE_AUTH", "oidc"),
            Map.entry("JITGATE_OIDC_ISSUER", IdentityProviderStub.ISSUER),
            Map.entry("JITGATE_OIDC_AUDIENCE", IdentityProviderStub.AUDIENCE),
            Map.entry("JITGATE_OIDC_JWKS_URI", idp.jwksUri().toString()),
            Map.entry("JITGATE_MAIL", "none"));
    invoker = InvokerProcess.start(JAR, TARGET, env, dir.resolve("invoker.log"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (invoker != null) {
      invoker.close();
    }
    if (idp != null) {
      idp.close();
    }
    if (firestore != null) {
      firestore.close();
    }
  }

  @Test
  void jar_isAtMost30Megabytes() throws IOException {
    assertThat(JAR).isRegularFile();
    assertThat(Files.size(JAR)).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void jar_holdsNoneOfWhatThePomLeavesOut() throws IOException {
    assertThat(names()).filteredOn(name -> LEFT_OUT.stream().anyMatch(name::startsWith)).isEmpty();
  }

  @Test
  void jar_keepsGaxHttpJson_whoseOperationsClientTheResourceManagerClientsCreate()
      throws IOException {
    assertThat(names())
        .contains(
            "com/google/api/gax/httpjson/longrunning/OperationsClient.class",
            "com/google/cloud/resourcemanager/v3/ProjectsClient.class",
            "com/google/cloud/iam/credentials/v1/IamCredentialsClient.class");
  }

  @Test
  void jar_carriesNettysNativeLibrariesForLinuxX8664Only() throws IOException {
    assertThat(names())
        .filteredOn(name -> name.startsWith("META-INF/native/") && !name.endsWith("/"))
        .containsExactlyInAnyOrder(
            "META-INF/native/libio_grpc_netty_shaded_netty_tcnative_linux_x86_64.so",
            "META-INF/native/libio_grpc_netty_shaded_netty_transport_native_epoll_x86_64.so");
  }

  @Test
  void jar_servicesNameOnlyClassesItHolds() throws IOException {
    List<String> missing = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Set<String> names = jar.stream().map(ZipEntry::getName).collect(Collectors.toSet());
      for (ZipEntry entry : jar.stream().toList()) {
        if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()) {
          try (InputStream in = jar.getInputStream(entry)) {
            new String(in.readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .map(type -> type.replace('.', '/') + ".class")
                .filter(type -> !names.contains(type))
                .forEach(type -> missing.add(entry.getName() + ": " + type));
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void jar_leavesTheFunctionsApiToTheRuntime_whoseInvokerCarriesIt() throws IOException {
    assertThat(names()).noneMatch(name -> name.startsWith("com/google/cloud/functions/"));
    try (JarFile runtime = new JarFile(InvokerProcess.invokerJar().toFile())) {
      assertThat(runtime.getEntry("com/google/cloud/functions/HttpFunction.class")).isNotNull();
    }
  }

  @Test
  @Order(1)
  void getEntitlements_throughTheInvoker_listsTheCallersGoogleEntitlements() throws Exception {
    HttpResponse<String> response = call("GET", "/api/v1/entitlements", "alice@example.com", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("entitlements").findValuesAsText("id"))
        .containsExactlyInAnyOrder(
            "gcp-prod-storage-admin", "gcp-prod-bigquery-viewer", "gcp-release-upload-token");
  }

  @Test
  @Order(2)
  void getRequests_whenTheCallerHasNone_readsFirestoreAndListsNothing() throws Exception {
    HttpResponse<String> response = call("GET", "/api/v1/requests", "bob@example.com", null);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()).path("requests").isArray()).isTrue();
    assertThat(JSON.readTree(response.body()).path("requests")).isEmpty();
  }

  @Test
  @Order(3)
  void postRequest_needingAnApproval_isStoredPendingInFirestore_andListed() throws Exception {
    // when
    HttpResponse<String> created =
        call(
            "POST",
            "/api/v1/requests",
            "alice@example.com",
            "{\"entitlement\":\"gcp-prod-storage-admin\",\"duration\":\"PT1H\","
                + "\"justification\":\"INC-4711: restore the billing bucket\"}");

    // then
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = JSON.readTree(created.body()).path("id").asText();
    assertThat(created.headers().firstValue("location")).contains("/api/v1/requests/" + id);
    AccessRequest stored =
        FirestoreRequestStore.connect(firestore, FirestoreRequestStore.DEFAULT_COLLECTION)
            .get(new RequestId(id))
            .orElseThrow();
    assertThat(stored.state()).isEqualTo(RequestState.PENDING);
    assertThat(stored.requester().email()).isEqualTo("alice@example.com");
    assertThat(stored.approvalsRequired()).isEqualTo(1);
    HttpResponse<String> listed = call("GET", "/api/v1/requests", "alice@example.com", null);
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(listed.body()).path("requests").findValuesAsText("id"))
        .containsExactly(id);
  }

  @Test
  @Order(4)
  void invoker_loggedNoMissingClassAndNoStackTrace_afterServingTheCalls() {
    assertThat(invoker.output())
        .doesNotContain("NoClassDefFoundError")
        .doesNotContain("ClassNotFoundException")
        .doesNotContain("ServiceConfigurationError")
        .doesNotContain("\tat ");
  }

  private HttpResponse<String> call(String method, String path, String caller, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(invoker.uri(path))
            .header("Authorization", "Bearer " + idp.idToken(caller, "sre"))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> names() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      return jar.stream().map(ZipEntry::getName).toList();
    }
  }
}
