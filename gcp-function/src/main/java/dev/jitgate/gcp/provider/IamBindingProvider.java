package dev.jitgate.gcp.provider;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.resourcemanager.v3.FoldersClient;
import com.google.cloud.resourcemanager.v3.OrganizationsClient;
import com.google.cloud.resourcemanager.v3.ProjectsClient;
import com.google.iam.v1.Policy;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantKind;
import dev.jitgate.domain.GrantSpec;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.ProviderException;
import dev.jitgate.retry.Backoff;
import dev.jitgate.retry.Sleeper;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Grants {@code gcp.iam-binding}: a conditional role binding for the requester on a project, folder
 * or organization that Google itself ends at the window's end ({@link JitgateBinding}). Each change
 * is a read-modify-write of the resource's policy at version 3 with its etag; a concurrent writer
 * makes Google refuse the stale etag, and the change is read and made again, within a bounded,
 * jittered budget. Revoke, early or at expiry, removes only this request's binding, so that expired
 * bindings never pile up toward IAM's limit of 20 per role and member.
 */
public final class IamBindingProvider implements AccessProvider {
  private final ResourcePolicies policies;
  private final Clock clock;
  private final Backoff backoff;
  private final Sleeper sleeper;

  /**
   * @param projects and {@code folders}, {@code organizations}: supply the Resource Manager v3
   *     clients when a grant or revoke on such a resource needs one; a client that cannot be made
   *     fails that grant or revoke with a {@link ProviderException}
   * @param backoff bounds each grant and revoke, etag conflicts and transient failures together
   */
  public IamBindingProvider(
      Supplier<ProjectsClient> projects,
      Supplier<FoldersClient> folders,
      Supplier<OrganizationsClient> organizations,
      Clock clock,
      Backoff backoff,
      Sleeper sleeper) {
    this.policies = new ResourcePolicies(projects, folders, organizations);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
  }

  @Override
  public GrantKind kind() {
    return GrantKind.GCP_IAM_BINDING;
  }

  /** Adds this request's binding; when a retry finds it already there, nothing is written. */
  @Override
  public Map<String, String> grant(Grant grant) {
    String resource = spec(grant).resource();
    JitgateBinding binding = JitgateBinding.of(grant);
    boolean written = update(resource, binding::addTo, attempts("granting", "to", grant), false);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("resource", resource);
    details.put("role", binding.role());
    details.put("member", binding.member());
    details.put("conditionTitle", binding.condition().getTitle());
    details.put("condition", binding.condition().getExpression());
    details.put("binding", written ? "added" : "already there");
    return details;
  }

  /**
   * Removes this request's binding, and nothing else. A binding already gone, or a resource that no
   * longer exists (its policy went with it), is a success.
   */
  @Override
  public void revoke(Grant grant) {
    String resource = spec(grant).resource();
    update(
        resource, JitgateBinding.of(grant)::removeFrom, attempts("revoking", "from", grant), true);
  }

  /**
   * Rewrites this request's condition to end at {@code grant.window().end()}: in one etag-checked
   * write, the requester leaves the binding with the old end and joins one with the new end, so
   * other holders' bindings stay as they are. A binding already gone (revoked, or removed after it
   * expired) is not brought back: the answer then says {@code "artifact": "missing"}.
   */
  @Override
  public Map<String, String> extend(Grant grant) {
    String resource = spec(grant).resource();
    JitgateBinding binding = JitgateBinding.of(grant);
    AtomicBoolean held = new AtomicBoolean();
    boolean written =
        update(
            resource,
            policy -> {
              held.set(binding.heldIn(policy));
              return binding.moveTo(policy);
            },
            attempts("extending", "for", grant),
            true);
    Map<String, String> details = new LinkedHashMap<>();
    details.put("resource", resource);
    details.put("conditionTitle", binding.condition().getTitle());
    if (!held.get()) {
      details.put("artifact", "missing");
      return details;
    }
    details.put("condition", binding.condition().getExpression());
    details.put("binding", written ? "rewritten" : "already there");
    return details;
  }

  /**
   * Reads the policy, applies {@code edit}, and writes the result with the etag read, again from
   * the read when Google refuses the etag as stale.
   *
   * @return false when {@code edit} found nothing to change
   */
  private boolean update(
      String resource,
      Function<Policy, Optional<Policy>> edit,
      Attempts attempts,
      boolean goneIsDone) {
    while (true) {
      Policy current;
      try {
        current =
            attempts.call(
                ResourcePolicies.permission(resource, "getIamPolicy"),
                () -> policies.get(resource),
                GcpErrors::isNotFound);
      } catch (ApiException e) {
        if (goneIsDone) {
          return false;
        }
        throw notFound(resource, e);
      }
      Optional<Policy> next = edit.apply(current);
      if (next.isEmpty()) {
        return false;
      }
      Policy write =
          next.get().toBuilder()
              .setVersion(ResourcePolicies.CONDITIONS_VERSION)
              .setEtag(current.getEtag())
              .build();
      try {
        attempts.call(
            ResourcePolicies.permission(resource, "setIamPolicy"),
            () -> policies.set(resource, write),
            e -> GcpErrors.isEtagConflict(e) || GcpErrors.isNotFound(e));
        return true;
      } catch (ApiException e) {
        if (GcpErrors.isNotFound(e)) {
          if (goneIsDone) {
            return false;
          }
          throw notFound(resource, e);
        }
        // Another writer changed the policy since it was read: read it again and redo the edit.
        attempts.pause(
            "the policy of " + resource + " changed while being edited: " + GcpErrors.describe(e));
      }
    }
  }

  private static ProviderException notFound(String resource, ApiException e) {
    return new ProviderException(
        resource
            + " was not found: check the entitlement's resource, and that it was not deleted: "
            + GcpErrors.describe(e),
        e);
  }

  private Attempts attempts(String verb, String preposition, Grant grant) {
    GrantSpec.GcpIamBinding spec = spec(grant);
    return new Attempts(
        verb
            + " "
            + spec.role()
            + " on "
            + spec.resource()
            + " "
            + preposition
            + " "
            + grant.principal().email()
            + " for request "
            + grant.requestId(),
        backoff,
        sleeper,
        clock);
  }

  private static GrantSpec.GcpIamBinding spec(Grant grant) {
    if (grant.spec() instanceof GrantSpec.GcpIamBinding spec) {
      return spec;
    }
    throw new IllegalArgumentException(
        "the IAM binding provider cannot grant " + grant.spec().kind().id());
  }
}
