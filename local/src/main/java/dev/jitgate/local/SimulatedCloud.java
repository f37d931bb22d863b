package dev.jitgate.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.http.HttpRequest;
import dev.jitgate.http.HttpResponse;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.CredentialIssuer;
import dev.jitgate.port.ProviderException;
import dev.jitgate.port.SessionCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for the three clouds when no real provider is configured: every grant kind is granted
 * and revoked here, and the grants are listed at {@code /local/grants}. Like the real clouds, kinds
 * that share an artifact hold one grant per grant key, and other kinds one per request. The grants
 * are kept in the data folder so that they survive a restart.
 */
final class SimulatedCloud {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One simulated grant, in the shape API.md gives for {@code /local/grants}. */
  record SimulatedGrant(
      String requestId,
      String entitlement,
      String cloud,
      String kind,
      String principal,
      String expiresAt) {}

  private final Path file;
  private final Map<String, SimulatedGrant> grants;

  SimulatedCloud(Path data) {
    this.file = data.resolve("simulated-grants.json");
    this.grants = load(file);
  }

  /** A provider for every grant kind. */
  List<AccessProvider> providers() {
    return Arrays.stream(GrantKind.values()).<AccessProvider>map(Provider::new).toList();
  }

  /** {@code GET /local/grants}. */
  HttpResponse list(HttpRequest request) {
    Map<String, Object> body;
    synchronized (this) {
      body = Map.of("grants", List.copyOf(grants.values()));
    }
    try {
      return HttpResponse.json(200, JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized List<SimulatedGrant> grants() {
    return List.copyOf(grants.values());
  }

  private synchronized void put(Grant grant) {
    grants.put(
        key(grant),
        new SimulatedGrant(
            grant.requestId().value(),
            grant.entitlement().value(),
            grant.spec().kind().cloud().id(),
            grant.spec().kind().id(),
            grant.principal().email(),
            grant.window().end().toString()));
    save();
  }

  private synchronized void remove(Grant grant) {
    if (grants.remove(key(grant)) != null) {
      save();
    }
  }

  private synchronized boolean moveExpiry(Grant grant) {
    if (!grants.containsKey(key(grant))) {
      return false;
    }
    put(grant);
    return true;
  }

  private synchronized boolean holds(Grant grant) {
    return grants.containsKey(key(grant));
  }

  private static String key(Grant grant) {
    return grant.spec().kind().sharedArtifact()
        ? grant.key().value()
        : "request|" + grant.requestId().value();
  }

  private void save() {
    try {
      Path temp = Files.createTempFile(file.getParent(), "simulated-grants", ".tmp");
      JSON.writerWithDefaultPrettyPrinter().writeValue(temp.toFile(), grants);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the simulated grants to " + file, e);
    }
  }

  private static Map<String, SimulatedGrant> load(Path file) {
    if (!Files.exists(file)) {
      return new LinkedHashMap<>();
    }
    try {
      return JSON.readValue(
          file.toFile(), new TypeReference<LinkedHashMap<String, SimulatedGrant>>() {});
    } catch (IOException e) {
      throw new IllegalStateException(file + " cannot be read; delete it to start afresh", e);
    }
  }

  /** The simulated provider of one kind. */
  private final class Provider implements AccessProvider, CredentialIssuer {
    private final GrantKind kind;

    Provider(GrantKind kind) {
      this.kind = kind;
    }

    @Override
    public GrantKind kind() {
      return kind;
    }

    @Override
    public Map<String, String> grant(Grant grant) {
      put(grant);
      return Map.of("simulated", "true", "artifact", key(grant));
    }

    @Override
    public void revoke(Grant grant) {
      remove(grant);
    }

    /** Moves the simulated expiry of a grant that still exists; never brings one back. */
    @Override
    public Map<String, String> extend(Grant grant) {
      return moveExpiry(grant)
          ? Map.of("simulated", "true", "newEnd", grant.window().end().toString())
          : Map.of("simulated", "true", "artifact", "missing");
    }

    @Override
    public SessionCredentials issue(Grant grant, Instant now) {
      if (!holds(grant)) {
        throw new IllegalStateException("no simulated grant for request " + grant.requestId());
      }
      if (!now.isBefore(grant.window().end())) {
        throw new ProviderException(
            "the access window of request " + grant.requestId() + " is over; nothing is issued");
      }
      Instant hour = now.plusSeconds(3600);
      Instant end = grant.window().end().isBefore(hour) ? grant.window().end() : hour;
      if (kind == GrantKind.GCP_SERVICE_ACCOUNT_TOKEN) {
        return new SessionCredentials.BearerToken("ya29.simulated-" + hex(32), end);
      }
      return new SessionCredentials.AwsKeys(
          "ASIASIMULATED" + hex(4).toUpperCase(java.util.Locale.ROOT),
          "simulated-" + hex(20),
          "simulated-session-" + hex(32),
          end);
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
