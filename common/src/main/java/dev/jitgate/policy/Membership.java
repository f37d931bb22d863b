package dev.jitgate.policy;

import dev.jitgate.domain.Principal;
import dev.jitgate.domain.UserId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Who a list of principals names: the policy's own groups, plus the groups a caller claims. */
final class Membership {
  private final Map<String, Set<UserId>> groups;

  Membership(Map<String, Set<UserId>> groups) {
    Map<String, Set<UserId>> copy = new LinkedHashMap<>();
    groups.forEach(
        (name, members) ->
            copy.put(name, Collections.unmodifiableSet(new LinkedHashSet<>(members))));
    this.groups = Collections.unmodifiableMap(copy);
  }

  boolean defines(String group) {
    return groups.containsKey(group);
  }

  /**
   * True when the policy defines {@code group} and lists {@code user} in it; claims never count.
   */
  boolean lists(String group, UserId user) {
    return groups.getOrDefault(group, Set.of()).contains(user);
  }

  /** True when the policy defines {@code group} with at least one member. */
  boolean hasMembers(String group) {
    return !groups.getOrDefault(group, Set.of()).isEmpty();
  }

  /**
   * True when one of {@code principals} is {@code user}, a group of the policy that lists them, or
   * an identity-provider group they claim. A group the policy defines is closed: claiming its name
   * does not make anyone a member. An undefined {@code group:} is read as an identity-provider
   * group, as policies did before {@code idp-group:} (the loader warns).
   */
  boolean matches(List<Principal> principals, UserId user, Set<String> claimedGroups) {
    for (Principal principal : principals) {
      if (principal instanceof Principal.User named && named.user().equals(user)) {
        return true;
      }
      if (principal instanceof Principal.Group group
          && (defines(group.name())
              ? groups.get(group.name()).contains(user)
              : claimedGroups.contains(group.name()))) {
        return true;
      }
      if (principal instanceof Principal.IdpGroup idp && claimedGroups.contains(idp.name())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The users that {@code principals} names directly or through groups the policy defines, in the
   * order they are written. Groups left to claims add no one, since they cannot be listed.
   */
  Set<UserId> knownUsers(List<Principal> principals) {
    Set<UserId> users = new LinkedHashSet<>();
    for (Principal principal : principals) {
      if (principal instanceof Principal.User named) {
        users.add(named.user());
      } else if (principal instanceof Principal.Group group) {
        users.addAll(groups.getOrDefault(group.name(), Set.of()));
      }
    }
    return Collections.unmodifiableSet(users);
  }

  /** Every member of every group the policy defines, in the order they are written. */
  Set<UserId> members() {
    Set<UserId> users = new LinkedHashSet<>();
    groups.values().forEach(users::addAll);
    return Collections.unmodifiableSet(users);
  }

  /**
   * True when every group among {@code principals} is one the policy defines, so {@link
   * #knownUsers} is all.
   */
  boolean enumerable(List<Principal> principals) {
    return principals.stream()
        .noneMatch(
            p ->
                p instanceof Principal.IdpGroup
                    || (p instanceof Principal.Group group && !defines(group.name())));
  }
}
