package dev.jitgate.gcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import dev.jitgate.gcp.provider.GoogleOverTls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Google clients in the deployable jar make real calls: Resource Manager and IAM Credentials,
 * gRPC over TLS with a service account's self-signed JWTs, from a JVM whose classpath is the jar
 * and one probe class ({@link GoogleCallsProbe}), to fakes on loopback. This proves that what the
 * POM leaves out of the jar (Conscrypt, gRPC's xDS, grpclb and services, the HTTP/JSON transports)
 * is not needed to reach Google; {@link ShadedJarIT} proves it for the function's start and its
 * Firestore calls.
 */
class ShadedJarGoogleCallsIT {
  private static final Path JAR = Path.of("target", "jitgate-gcp.jar");
  private static final String PROJECT = "projects/acme-prod";
  private static final String SERVICE_ACCOUNT = "deployer@acme-prod.iam.gserviceaccount.com";
  private static final long TIMEOUT_SECONDS = 60;

  @Test
  void googleClientsOfTheJar_callResourceManagerAndIamCredentials_overTls(@TempDir Path dir)
      throws Exception {
    // given
    FakeServiceAccountKey key = FakeServiceAccountKey.write(dir.resolve("key.json"), "acme-prod");
    Path probe = dir.resolve("probe");
    Path probeClass = probe.resolve("dev/jitgate/gcp/GoogleCallsProbe.class");
    Files.createDirectories(probeClass.getParent());
    Files.copy(
        Path.of("target", "test-classes", "dev", "jitgate", "gcp", "GoogleCallsProbe.class"),
        probeClass);
    Path log = dir.resolve("probe.log");

    try (GoogleOverTls google = GoogleOverTls.start(dir)) {
      google.createResource(PROJECT);
      google.createServiceAccount(SERVICE_ACCOUNT);
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Djavax.net.ssl.trustStore=" + google.trustStore(),
                  "-Djavax.net.ssl.trustStoreType=PKCS12",
                  "-Djavax.net.ssl.trustStorePassword=" + google.trustStorePassword(),
                  "-cp",
                  JAR.toAbsolutePath() + java.io.File.pathSeparator + probe,
                  GoogleCallsProbe.class.getName(),
                  google.endpoint(),
                  PROJECT,
                  SERVICE_ACCOUNT)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().put("HOME", dir.toString());
      builder.environment().put("GOOGLE_APPLICATION_CREDENTIALS", key.file().toString());

      // when
      Process process = builder.start();
      boolean ended = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }

      // then
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(ended).as("the probe ended within %d s: %s", TIMEOUT_SECONDS, output).isTrue();
      assertThat(process.exitValue()).as(output).isZero();
      assertThat(output).contains("getIamPolicy version=", "generateAccessToken expires=");
      assertThat(google.requestedPolicyVersions()).containsExactly(3);
      assertThat(google.tokenRequests())
          .containsExactly("projects/-/serviceAccounts/" + SERVICE_ACCOUNT);
      List<GoogleOverTls.Call> calls = google.calls();
      assertThat(calls)
          .extracting(GoogleOverTls.Call::method)
          .containsExactly(
              "google.cloud.resourcemanager.v3.Projects/GetIamPolicy",
              "google.iam.credentials.v1.IAMCredentials/GenerateAccessToken");
      for (GoogleOverTls.Call call : calls) {
        assertThat(call.authorization()).startsWith("Bearer ");
        SignedJWT jwt = SignedJWT.parse(call.authorization().substring("Bearer ".length()));
        assertThat(jwt.verify(new RSASSAVerifier(key.publicKey()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(key.email());
      }
    }
  }
}
