package dev.jitgate.console;

import static dev.jitgate.http.Html.escape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.jitgate.domain.Caller;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.port.Authenticator;
import dev.jitgate.port.UnauthenticatedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Browser sign-in with the OIDC authorization code flow and PKCE (RFC 7636, S256), through nimbus
 * oauth2-oidc-sdk. {@code /console/login} keeps a fresh state, nonce and code verifier in a sealed
 * ten-minute cookie and sends the browser to the identity provider; {@code /console/callback}
 * checks the state, redeems the code with the verifier, verifies the ID token (signature, issuer,
 * audience, expiry, through the configured {@link Authenticator}) and its nonce, and starts a
 * session.
 */
public final class OidcCodeFlow implements SignIn {
  static final String LOGIN = "login";
  static final Duration LOGIN_LIFETIME = Duration.ofMinutes(10);
  static final int CONNECT_TIMEOUT_MS = 2_000;
  static final int READ_TIMEOUT_MS = 5_000;

  private static final Logger LOG = Logger.getLogger(OidcCodeFlow.class.getName());

  /** Where the identity provider is and who this console is to it. */
  public record Client(
      URI authorizationEndpoint,
      URI tokenEndpoint,
      String clientId,
      Optional<String> clientSecret,
      URI redirectUri) {
    public Client {
      Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
      Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
      Objects.requireNonNull(clientId, "clientId");
      Objects.requireNonNull(clientSecret, "clientSecret");
      Objects.requireNonNull(redirectUri, "redirectUri");
    }

    @Override
    public String toString() {
      return "Client["
          + clientId
          + ", secret="
          + (clientSecret.isPresent() ? "<redacted>" : "none")
          + "]";
    }
  }

  private final Client client;
  private final Authenticator idTokens;
  private final Sessions sessions;
  private final SessionSeal seal;
  private final Layout layout;

  /**
   * @param idTokens verifies an ID token sent as a bearer token: the configured issuer, the client
   *     id as audience, the provider's JWKS
   */
  public OidcCodeFlow(
      ConsoleSetup setup, Client client, Authenticator idTokens, Duration sessionLifetime) {
    this.client = Objects.requireNonNull(client, "client");
    this.idTokens = Objects.requireNonNull(idTokens, "idTokens");
    this.sessions = new Sessions(setup.seal(), Cookies.DEPLOYED, sessionLifetime);
    this.seal = setup.seal();
    this.layout = setup.layout();
  }

  @Override
  public Optional<Visitor> visitor(HttpRequest request) {
    return sessions.read(request);
  }

  @Override
  public Optional<HttpResponse> handle(HttpRequest request, String path) {
    if (!request.method().equals("GET")) {
      return path.equals("login") || path.equals("callback")
          ? Optional.of(problem(405, "Use the sign-in link."))
          : Optional.empty();
    }
    if (path.equals("login")) {
      return Optional.of(login(request.queryParam("next").orElse("")));
    }
    if (path.equals("callback")) {
      return Optional.of(callback(request));
    }
    if (path.equals("signed-out")) {
      return Optional.of(
          layout.page(
              200,
              "Signed out",
              Optional.empty(),
              Layout.Section.NONE,
              "<p>You are signed out of the jitgate console. <a href=\""
                  + escape(layout.href("login"))
                  + "\">Sign in again</a></p>"));
    }
    return Optional.empty();
  }

  private HttpResponse login(String next) {
    State state = new State();
    Nonce nonce = new Nonce();
    CodeVerifier verifier = new CodeVerifier();
    URI to =
        new AuthenticationRequest.Builder(
                ResponseType.CODE,
                new Scope("openid", "email", "profile"),
                new ClientID(client.clientId()),
                client.redirectUri())
            .endpointURI(client.authorizationEndpoint())
            .state(state)
            .nonce(nonce)
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .build()
            .toURI();
    ObjectNode pending = SessionSeal.object();
    pending.put("state", state.getValue());
    pending.put("nonce", nonce.getValue());
    pending.put("verifier", verifier.getValue());
    pending.put("next", Next.checked(layout, next));
    String cookie =
        sessions
            .cookies()
            .set(
                seal.seal(LOGIN, pending, seal.clock().instant().plus(LOGIN_LIFETIME)),
                LOGIN_LIFETIME.toSeconds());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Location", to.toString());
    headers.put("Cache-Control", "no-store");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("Set-Cookie", cookie);
    return new HttpResponse(302, headers, new byte[0]);
  }

  private HttpResponse callback(HttpRequest request) {
    Optional<JsonNode> pending = sessions.cookies().read(request).flatMap(v -> seal.open(LOGIN, v));
    if (pending.isEmpty()) {
      return problem(400, "The sign-in took too long or was started in another browser.");
    }
    JsonNode login = pending.get();
    Map<String, List<String>> params = new LinkedHashMap<>();
    request.query().forEach((k, v) -> params.put(k, List.of(v)));
    AuthenticationResponse response;
    try {
      response = AuthenticationResponseParser.parse(client.redirectUri(), params);
    } catch (ParseException e) {
      return problem(400, "The identity provider's answer could not be read.");
    }
    // The state is compared before anything else, in constant time: a response for another
    // sign-in (a forged or replayed callback) is refused here.
    String expected = login.path("state").asText("");
    String returned = response.getState() == null ? "" : response.getState().getValue();
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), returned.getBytes(StandardCharsets.UTF_8))) {
      return problem(400, "The sign-in's state does not match the one this browser started.");
    }
    if (!response.indicatesSuccess()) {
      String code = response.toErrorResponse().getErrorObject().getCode();
      return problem(401, "The identity provider refused the sign-in (" + code + ").");
    }
    AuthorizationCode code = response.toSuccessResponse().getAuthorizationCode();
    if (code == null) {
      return problem(400, "The identity provider sent no authorization code.");
    }
    Optional<String> idToken = redeem(code, new CodeVerifier(login.path("verifier").asText()));
    if (idToken.isEmpty()) {
      return problem(401, "The identity provider did not accept the sign-in's code.");
    }
    Caller caller;
    try {
      String token = idToken.get();
      caller =
          idTokens.authenticate(
              name ->
                  name.equalsIgnoreCase("authorization")
                      ? Optional.of("Bearer " + token)
                      : Optional.empty());
    } catch (UnauthenticatedException e) {
      return problem(401, "The ID token was not accepted: " + e.getMessage() + ".");
    }
    Object nonce = caller.claims().get("nonce");
    String expectedNonce = login.path("nonce").asText("");
    if (!(nonce instanceof String n)
        || !MessageDigest.isEqual(
            n.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
      return problem(401, "The ID token was not issued for this sign-in.");
    }
    return Layout.redirect(
        Next.checked(layout, login.path("next").asText("")), Optional.of(sessions.start(caller)));
  }

  /** Redeems the code at the token endpoint; the ID token, or empty when it is refused. */
  private Optional<String> redeem(AuthorizationCode code, CodeVerifier verifier) {
    AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, client.redirectUri(), verifier);
    TokenRequest.Builder builder =
        client.clientSecret().isPresent()
            ? new TokenRequest.Builder(
                client.tokenEndpoint(),
                new ClientSecretBasic(
                    new ClientID(client.clientId()), new Secret(client.clientSecret().get())),
                grant)
            : new TokenRequest.Builder(
                client.tokenEndpoint(), new ClientID(client.clientId()), grant);
    HTTPRequest http = builder.build().toHTTPRequest();
    http.setConnectTimeout(CONNECT_TIMEOUT_MS);
    http.setReadTimeout(READ_TIMEOUT_MS);
    try {
      TokenResponse answer = OIDCTokenResponseParser.parse(http.send());
      if (!answer.indicatesSuccess()) {
        // The error code only: the description may echo the request.
        LOG.log(
            Level.INFO,
            "console sign-in: the token endpoint refused the code ({0})",
            answer.toErrorResponse().getErrorObject().getCode());
        return Optional.empty();
      }
      if (!(answer.toSuccessResponse() instanceof OIDCTokenResponse oidc)
          || oidc.getOIDCTokens().getIDTokenString() == null) {
        return Optional.empty();
      }
      return Optional.of(oidc.getOIDCTokens().getIDTokenString());
    } catch (IOException | ParseException e) {
      LOG.log(
          Level.WARNING,
          "console sign-in: the token endpoint could not be reached or answered nonsense ({0})",
          e.getClass().getSimpleName());
      return Optional.empty();
    }
  }

  @Override
  public HttpResponse signInFirst(HttpRequest request) {
    if (!request.method().equals("GET")) {
      return problem(401, "Your session has ended.");
    }
    return Layout.redirect(
        layout.href(
            "login?next=" + URLEncoder.encode(Next.of(layout, request), StandardCharsets.UTF_8)),
        Optional.empty());
  }

  @Override
  public HttpResponse signOut(HttpRequest request) {
    return Layout.redirect(layout.href("signed-out"), Optional.of(sessions.cookies().clear()));
  }

  private HttpResponse problem(int status, String why) {
    return layout.page(
        status,
        "Sign-in failed",
        Optional.empty(),
        Layout.Section.NONE,
        "<p>"
            + escape(why)
            + "</p><p><a href=\""
            + escape(layout.href("login"))
            + "\">Sign in again</a></p>");
  }
}
