package dev.jitgate.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads App Service authentication's {@code X-MS-CLIENT-PRINCIPAL} header: base64 JSON whose {@code
 * claims} list the signed-in user's token claims as {@code {"typ","val"}} pairs. App Service's
 * front end sets it after verifying the sign-in and strips it from what clients send, so it is
 * believed only when the deployment says App Service authentication is on.
 *
 * <p>The claims come back under their JWT names: Entra ID's long claim types for the object id,
 * tenant and e-mail are shortened ({@code oid}, {@code tid}, {@code email}), and repeated types
 * (groups, roles) become lists.
 */
public final class ClientPrincipal {
  public static final String HEADER = "X-MS-CLIENT-PRINCIPAL";

  /** https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities */
  private static final Map<String, String> SHORT_NAMES =
      Map.of(
          "http://schemas.microsoft.com/identity/claims/objectidentifier", "oid",
          "http://schemas.microsoft.com/identity/claims/tenantid", "tid",
          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "email",
          "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier", "sub",
          "http://schemas.microsoft.com/ws/2008/06/identity/claims/groups", "groups",
          "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "roles");

  /** Types that are lists even with one value. */
  private static final List<String> LISTS = List.of("groups", "roles");

  private static final int MAX_HEADER_LENGTH = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ClientPrincipal() {}

  /** The claims of the header, or empty when it is absent or not App Service's format. */
  public static Map<String, Object> claims(Optional<String> header) {
    if (header.isEmpty() || header.get().isBlank() || header.get().length() > MAX_HEADER_LENGTH) {
      return Map.of();
    }
    JsonNode principal;
    try {
      principal = JSON.readTree(Base64.getDecoder().decode(header.get().strip()));
    } catch (IllegalArgumentException | IOException e) {
      return Map.of();
    }
    JsonNode claims = principal == null ? null : principal.get("claims");
    if (claims == null || !claims.isArray()) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (JsonNode claim : claims) {
      JsonNode type = claim.get("typ");
      JsonNode value = claim.get("val");
      if (type == null || !type.isTextual() || value == null || !value.isTextual()) {
        continue;
      }
      String name = SHORT_NAMES.getOrDefault(type.textValue(), type.textValue());
      add(out, name, value.textValue());
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void add(Map<String, Object> claims, String name, String value) {
    Object present = claims.get(name);
    if (present == null) {
      claims.put(name, LISTS.contains(name) ? new ArrayList<>(List.of(value)) : value);
    } else if (present instanceof List) {
      ((List<Object>) present).add(value);
    } else {
      // A single-valued claim that repeats is ambiguous: as a list, no identity rule accepts it.
      claims.put(name, new ArrayList<>(List.of(present, value)));
    }
  }
}
