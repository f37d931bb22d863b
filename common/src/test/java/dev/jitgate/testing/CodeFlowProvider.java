package dev.jitgate.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jitgate.http.HttpRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OIDC provider's authorization and token endpoints on loopback, beside {@link
 * IdentityProviderStub}'s JWKS and signing key. {@code /authorize} signs in whoever the test chose
 * and redirects back with a one-time code; {@code /token} redeems a code only with the PKCE
 * verifier whose S256 challenge came with it, as a real provider does, and answers with an ID token
 * carrying the nonce of the authorization request.
 */
public final class CodeFlowProvider implements AutoCloseable {
  private final IdentityProviderStub keys;
  private final HttpServer server;
  private final Map<String, Issued> codes = new ConcurrentHashMap<>();
  private final List<Map<String, String>> tokenRequests = new ArrayList<>();
  private volatile String user = "alice@example.com";

  private record Issued(String challenge, String nonce, String clientId, String email) {}

  public CodeFlowProvider() throws Exception {
    keys = new IdentityProviderStub();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.start();
  }

  public IdentityProviderStub keys() {
    return keys;
  }

  public URI authorizationEndpoint() {
    return URI.create(base() + "/authorize");
  }

  public URI tokenEndpoint() {
    return URI.create(base() + "/token");
  }

  /** Who the next authorization signs in. */
  public void signInAs(String email) {
    user = email;
  }

  /** The form of every token request so far. */
  public synchronized List<Map<String, String>> tokenRequests() {
    return List.copyOf(tokenRequests);
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> q = HttpRequest.parseQuery(exchange.getRequestURI().getRawQuery());
    if (!"code".equals(q.get("response_type"))
        || !"S256".equals(q.get("code_challenge_method"))
        || q.get("code_challenge") == null
        || q.get("redirect_uri") == null) {
      send(exchange, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Issued(q.get("code_challenge"), q.get("nonce"), q.get("client_id"), user));
    String location =
        q.get("redirect_uri")
            + "?code="
            + code
            + "&state="
            + URLEncoder.encode(q.getOrDefault("state", ""), StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Location", location);
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  private void token(HttpExchange exchange) throws IOException {
    Map<String, String> form =
        HttpRequest.parseQuery(
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    synchronized (this) {
      tokenRequests.add(form);
    }
    Issued issued = codes.remove(form.getOrDefault("code", ""));
    if (!"authorization_code".equals(form.get("grant_type"))
        || issued == null
        || form.get("code_verifier") == null
        || !s256(form.get("code_verifier")).equals(issued.challenge())) {
      send(exchange, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    try {
      String idToken =
          keys.token(
              IdentityProviderStub.ISSUER,
              issued.clientId(),
              "sub-" + issued.email(),
              Map.of("email", issued.email(), "email_verified", true, "nonce", issued.nonce()));
      send(
          exchange,
          200,
          "{\"access_token\":\"at-"
              + UUID.randomUUID()
              + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"id_token\":\""
              + idToken
              + "\"}");
    } catch (Exception e) {
      send(exchange, 500, "{\"error\":\"server_error\"}");
    }
  }

  private static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.getResponseHeaders().add("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    keys.close();
  }
}
