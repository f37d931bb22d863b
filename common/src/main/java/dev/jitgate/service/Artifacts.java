package dev.jitgate.service;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.RequestId;
import dev.jitgate.domain.RequestState;
import dev.jitgate.port.AccessProvider;
import dev.jitgate.port.RequestStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The cloud side of ending and activating: removing a request's artifact, reference-counted for
 * kinds that share one artifact per grant key, and the second looks that keep an ACTIVE request's
 * artifact in place when two writers or two holders race.
 */
final class Artifacts {
  private static final Logger LOG = Logger.getLogger(Artifacts.class.getName());

  private final RequestStore store;

  Artifacts(RequestStore store) {
    this.store = store;
  }

  /**
   * Another writer activated the request while this one revoked it on the way to FAILED: an ACTIVE
   * request must hold its access, so it is granted again.
   */
  void grantAgainIfActive(AccessProvider provider, AccessRequest current) {
    if (current.state() != RequestState.ACTIVE) {
      return;
    }
    try {
      provider.grant(Grant.of(current));
    } catch (RuntimeException e) {
      LOG.log(
          Level.SEVERE,
          "request {0} is ACTIVE but granting it again after a concurrent revoke failed: {1}",
          new Object[] {current.id(), Announcer.describe(e)});
    }
  }

  /**
   * A grant that succeeded after another writer ended the request (it failed it, having revoked
   * before this grant landed) must not stay behind: it is removed again, unless the request is
   * ACTIVE after all.
   */
  void undoLateGrant(AccessProvider provider, AccessRequest current) {
    if (!current.state().isFinal()) {
      return;
    }
    try {
      remove(provider, current);
    } catch (RuntimeException e) {
      LOG.log(
          Level.SEVERE,
          "request {0} ended while its grant was being made, and removing that grant failed: {1}",
          new Object[] {current.id(), Announcer.describe(e)});
    }
  }

  /**
   * Removes the request's cloud artifact unless another ACTIVE request holds the same grant key.
   * Idempotent, as revokes are.
   *
   * @return audit details: whether the artifact was removed or kept, and for whom
   */
  Map<String, String> remove(AccessProvider provider, AccessRequest request) {
    List<RequestId> holders = otherHolders(provider, request);
    Map<String, String> details = new LinkedHashMap<>();
    if (holders.isEmpty()) {
      provider.revoke(Grant.of(request));
      restoreForLateHolder(provider, request)
          .ifPresent(id -> details.put("restoredFor", id.value()));
      details.put("artifact", "removed");
    } else {
      details.put("artifact", "kept");
      details.put(
          "heldBy", holders.stream().map(RequestId::value).collect(Collectors.joining(",")));
    }
    return details;
  }

  List<RequestId> otherHolders(AccessProvider provider, AccessRequest request) {
    if (!provider.sharedArtifact()) {
      return List.of();
    }
    return store.activeByGrantKey(request.grantKey()).stream()
        .map(AccessRequest::id)
        .filter(id -> !id.equals(request.id()))
        .toList();
  }

  /**
   * Two holders of one artifact that end at the same moment can each see the other still ACTIVE and
   * both keep the artifact. Each therefore looks again after its own end is stored: the later look
   * sees both ended and removes the artifact.
   */
  void releaseIfLastHolder(AccessProvider provider, AccessRequest ended) {
    if (ended.state().isFinal() && otherHolders(provider, ended).isEmpty()) {
      try {
        provider.revoke(Grant.of(ended));
      } catch (RuntimeException e) {
        LOG.log(
            Level.SEVERE,
            "request {0} was the last holder of its grant but the revoke failed: {1}",
            new Object[] {ended.id(), Announcer.describe(e)});
      }
    }
  }

  /**
   * Another request for the same shared artifact may have been granted, but not yet stored as
   * ACTIVE, when this one saw no other holder and revoked. Looking again after the revoke finds it
   * if it became ACTIVE meanwhile, and grants the artifact back for it.
   */
  private Optional<RequestId> restoreForLateHolder(AccessProvider provider, AccessRequest ending) {
    if (!provider.sharedArtifact()) {
      return Optional.empty();
    }
    return store.activeByGrantKey(ending.grantKey()).stream()
        .filter(r -> !r.id().equals(ending.id()))
        .findFirst()
        .map(
            holder -> {
              provider.grant(Grant.of(holder));
              return holder.id();
            });
  }

  /**
   * The other half of {@link #restoreForLateHolder}: a request that becomes ACTIVE after another
   * holder's revoke looked for holders grants again, so the artifact exists once it is ACTIVE.
   */
  void reassertShared(AccessProvider provider, AccessRequest active) {
    if (!provider.sharedArtifact()) {
      return;
    }
    try {
      provider.grant(Grant.of(active));
    } catch (RuntimeException e) {
      LOG.log(
          Level.SEVERE,
          "request {0} is ACTIVE but granting its shared artifact again failed: {1}",
          new Object[] {active.id(), Announcer.describe(e)});
    }
  }
}
