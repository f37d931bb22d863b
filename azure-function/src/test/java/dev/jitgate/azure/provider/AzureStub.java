package dev.jitgate.azure.provider;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.http.RequestMethod;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;

/**
 * Azure Resource Manager's authorization API as a WireMock server on loopback. The providers come
 * from {@link AzureProviders}, as in production, on the JDK HTTP client wrapped to reach the stub,
 * with a credential that hands out a fixed token.
 */
public final class AzureStub implements AutoCloseable {
  static final String TOKEN = "stub-arm-token";
  static final String PIM_API = "2020-10-01";
  static final String RBAC_API = "2022-04-01";

  public final WireMockServer server;

  public AzureStub() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  /** The cloud and tenant the providers are made for. */
  private static final AzureProfile PROFILE =
      new AzureProfile("00000000-0000-0000-0000-0000000000aa", null, AzureEnvironment.AZURE);

  /** A credential that hands out {@link #TOKEN}, as a managed identity would a real one. */
  static final TokenCredential CREDENTIAL =
      request ->
          Mono.just(
              new AccessToken(TOKEN, OffsetDateTime.of(2100, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC)));

  public AzureProviders providers(Clock clock, Backoff backoff, Sleeper sleeper) {
    return providers(clock, backoff, sleeper, CREDENTIAL);
  }

  AzureProviders providers(
      Clock clock, Backoff backoff, Sleeper sleeper, TokenCredential credential) {
    return AzureProviders.create(credential, PROFILE, loopback(), clock, backoff, sleeper);
  }

  /** As {@link #providers(Clock, Backoff, Sleeper)}, counting how often the client is built. */
  AzureProviders providers(Clock clock, Backoff backoff, Sleeper sleeper, AtomicInteger built) {
    return AzureProviders.create(
        () -> {
          built.incrementAndGet();
          return AzureProviders.roleClient(CREDENTIAL, PROFILE, loopback());
        },
        clock,
        backoff,
        sleeper);
  }

  private HttpClient loopback() {
    return new LoopbackHttpClient(new JdkHttpClientBuilder().build(), server.port());
  }

  /**
   * The path of a resource under {@code scope}, as a pattern: the SDK joins "/" and a scope that
   * starts with "/", so ARM sees "//subscriptions/...".
   */
  static String path(String scope, String type, String name) {
    return "/+"
        + Pattern.quote(
            scope.substring(1) + "/providers/Microsoft.Authorization/" + type + "/" + name);
  }

  static MappingBuilder pim(RequestMethod method, String scope, String name) {
    return request(
            method.getName(), urlPathMatching(path(scope, "roleAssignmentScheduleRequests", name)))
        .withQueryParam("api-version", equalTo(PIM_API));
  }

  static MappingBuilder assignment(RequestMethod method, String scope, String name) {
    return request(method.getName(), urlPathMatching(path(scope, "roleAssignments", name)))
        .withQueryParam("api-version", equalTo(RBAC_API));
  }

  static RequestPatternBuilder pimRequested(RequestMethod method, String scope, String name) {
    return RequestPatternBuilder.newRequestPattern(
            method, urlPathMatching(path(scope, "roleAssignmentScheduleRequests", name)))
        .withQueryParam("api-version", equalTo(PIM_API));
  }

  static RequestPatternBuilder assignmentRequested(
      RequestMethod method, String scope, String name) {
    return RequestPatternBuilder.newRequestPattern(
            method, urlPathMatching(path(scope, "roleAssignments", name)))
        .withQueryParam("api-version", equalTo(RBAC_API));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  /** An ARM error in its documented shape: {@code {"error":{"code","message"}}}. */
  static ResponseDefinitionBuilder error(int status, String code, String message) {
    return json(
        status,
        "{\"error\":{\"code\":\""
            + code
            + "\",\"message\":\""
            + message.replace("\"", "\\\"")
            + "\"}}");
  }

  /** Answers {@code mapping} with {@code answers} in turn, then the last one again. */
  void inTurn(
      String scenario, Supplier<MappingBuilder> mapping, ResponseDefinitionBuilder... answers) {
    for (int i = 0; i < answers.length; i++) {
      ScenarioMappingBuilder step =
          mapping
              .get()
              .inScenario(scenario)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : scenario + "-" + i)
              .willReturn(answers[i]);
      if (i + 1 < answers.length) {
        step = step.willSetStateTo(scenario + "-" + (i + 1));
      }
      server.stubFor(step);
    }
  }

  public List<LoggedRequest> all() {
    return server.findAll(anyRequestedFor(urlPathMatching(".*")));
  }

  @Override
  public void close() {
    server.stop();
  }
}
