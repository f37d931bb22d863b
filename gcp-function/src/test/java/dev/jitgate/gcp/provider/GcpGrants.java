package dev.jitgate.gcp.provider;

import com.google.iam.v1.Binding;
import com.google.type.Expr;
import dev.jitgate.domain.EntitlementId;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.UserId;
import dev.jitgate.domain.Window;
import dev.jitgate.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Grants and bindings the Google provider tests share. */
final class GcpGrants {
  static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  static final String PROJECT = "projects/acme-prod";
  static final String FOLDER = "folders/123456789012";
  static final String ORGANIZATION = "organizations/987654321098";
  static final String ROLE = "roles/storage.admin";
  static final String ALICE = "alice@example.com";
  static final String SERVICE_ACCOUNT = "deployer@acme-prod.iam.gserviceaccount.com";
  static final List<String> SCOPES =
      List.of(
          "https://www.googleapis.com/auth/devstorage.read_write",
          "https://www.googleapis.com/auth/cloud-platform.read-only");

  /** At most 4 waits, exact delays of 100, 200, 400 and 800 ms. */
  static final Backoff BACKOFF = Backoff.exact(Duration.ofMillis(100), Duration.ofSeconds(1), 4);

  private GcpGrants() {}

  /** Alice's grant of {@code role} on {@code resource} for request {@code id}, from T0. */
  static Grant binding(String id, String resource, String role, Duration length) {
    return new Grant(
        new RequestId(id),
        new EntitlementId("gcp-prod-storage-admin"),
        new GrantSpec.GcpIamBinding(resource, role),
        new UserId(ALICE),
        Window.of(T0, length),
        "INC-42: restore the billing bucket");
  }

  /** Alice's storage admin grant on the project for request {@code id}, for one hour from T0. */
  static Grant binding(String id) {
    return binding(id, PROJECT, ROLE, Duration.ofHours(1));
  }

  /** Alice's service-account token grant for request {@code id}, for {@code length} from T0. */
  static Grant token(String id, Duration length) {
    return token(id, SERVICE_ACCOUNT, length);
  }

  static Grant token(String id, String serviceAccount, Duration length) {
    return new Grant(
        new RequestId(id),
        new EntitlementId("gcp-deploy-token"),
        new GrantSpec.GcpServiceAccountToken(serviceAccount, SCOPES),
        new UserId(ALICE),
        Window.of(T0, length),
        "CHG-7: upload the hotfix");
  }

  /** The binding jitgate writes for request {@code id} of {@link #binding(String)}. */
  static Binding jitgateBinding(String id) {
    return Binding.newBuilder()
        .setRole(ROLE)
        .addMembers("user:" + ALICE)
        .setCondition(
            Expr.newBuilder()
                .setTitle("jitgate " + id)
                .setExpression("request.time < timestamp(\"2026-11-21T11:00:00Z\")")
                .setDescription("INC-42: restore the billing bucket"))
        .build();
  }

  static Binding conditional(String role, String title, String expression, String... members) {
    return Binding.newBuilder()
        .setRole(role)
        .addAllMembers(List.of(members))
        .setCondition(Expr.newBuilder().setTitle(title).setExpression(expression))
        .build();
  }

  static Binding plain(String role, String... members) {
    return Binding.newBuilder().setRole(role).addAllMembers(List.of(members)).build();
  }
}
