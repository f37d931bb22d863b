package dev.jitgate.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.config.Environment;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.testing.IdentityProviderStub;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Only Cloud Scheduler's service account, with a Google-signed token for the sweep's URL, may run
 * the sweep. A loopback key server stands in for Google's.
 */
class SchedulerCallerTest {
  static final String SWEEP_URL = "https://jitgate-sweep-4kx2p7q3ma-ew.a.run.app";
  static final String SCHEDULER = "jitgate-scheduler@acme-prod.iam.gserviceaccount.com";
  static final String GOOGLE = "https://accounts.google.com";

  private final IdentityProviderStub google = newStub();
  private final Map<String, String> settings = new HashMap<>();

  SchedulerCallerTest() {
    settings.put(SchedulerCaller.AUDIENCE, SWEEP_URL);
    settings.put(SchedulerCaller.INVOKER, SCHEDULER);
    settings.put(SchedulerCaller.KEYS, google.jwksUri().toString());
  }

  @AfterEach
  void close() {
    google.close();
  }

  private Optional<HttpResponse> call(String token) {
    SchedulerCaller caller =
        SchedulerCaller.fromEnvironment(new Environment(settings::get), Clock.systemUTC());
    Map<String, String> headers =
        token == null ? Map.of() : Map.of("authorization", "Bearer " + token);
    return caller.refusal(new HttpRequest("POST", "/", Map.of(), headers, new byte[0]));
  }

  private String token(String issuer, String audience, String email) throws Exception {
    return google.token(
        issuer,
        audience,
        "1067" + email.hashCode(),
        Map.of("email", email, "email_verified", true));
  }

  @Test
  void schedulersToken_forTheSweepsUrl_isLetThrough() throws Exception {
    assertThat(call(token(GOOGLE, SWEEP_URL, SCHEDULER))).isEmpty();
  }

  @Test
  void noToken_isRefused401() {
    assertThat(call(null)).get().extracting(HttpResponse::status).isEqualTo(401);
  }

  @Test
  void tokenForAnotherAudience_isRefused401() throws Exception {
    Optional<HttpResponse> refusal =
        call(token(GOOGLE, "https://other-function-4kx2p7q3ma-ew.a.run.app", SCHEDULER));

    assertThat(refusal).get().extracting(HttpResponse::status).isEqualTo(401);
  }

  @Test
  void tokenFromAnotherIssuer_isRefused401() throws Exception {
    assertThat(call(token("https://id.example.com", SWEEP_URL, SCHEDULER)))
        .get()
        .extracting(HttpResponse::status)
        .isEqualTo(401);
  }

  @Test
  void anotherServiceAccount_withAValidToken_isRefused403() throws Exception {
    Optional<HttpResponse> refusal =
        call(token(GOOGLE, SWEEP_URL, "ci-deployer@acme-prod.iam.gserviceaccount.com"));

    assertThat(refusal).get().extracting(HttpResponse::status).isEqualTo(403);
    assertThat(refusal.get().bodyText()).contains("Cloud Scheduler");
  }

  @Test
  void missingSettings_failNamingTheVariable() {
    settings.remove(SchedulerCaller.AUDIENCE);
    assertThatThrownBy(() -> call(null)).hasMessageContaining(SchedulerCaller.AUDIENCE);

    settings.put(SchedulerCaller.AUDIENCE, SWEEP_URL);
    settings.remove(SchedulerCaller.INVOKER);
    assertThatThrownBy(() -> call(null)).hasMessageContaining(SchedulerCaller.INVOKER);
  }

  static IdentityProviderStub newStub() {
    try {
      return new IdentityProviderStub();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
