package dev.jitgate.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jitgate.domain.Principal;
import dev.jitgate.domain.UserId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code groups:} section: group names, each with the e-mail addresses of its members.
 */
final class GroupsReader {
  private final Values values;

  GroupsReader(Values values) {
    this.values = values;
  }

  /**
   * The groups by name. A group whose members have problems is still defined, so that principals
   * naming it are not also reported as undefined.
   */
  Map<String, Set<UserId>> read(JsonNode node) {
    FieldPath at = FieldPath.root().child("groups");
    Map<String, Set<UserId>> groups = new LinkedHashMap<>();
    Optional<Map<String, JsonNode>> entries =
        values.entries(node, at, "{sre: [alice@example.com, bob@example.com]}");
    if (entries.isEmpty()) {
      return groups;
    }
    entries
        .get()
        .forEach((name, members) -> groups.put(name, members(name, members, at.child(name))));
    return groups;
  }

  private Set<UserId> members(String name, JsonNode node, FieldPath at) {
    try {
      new Principal.Group(name);
    } catch (IllegalArgumentException e) {
      values.problems().error(at, "'" + name + "' cannot be a group name: " + e.getMessage());
    }
    Set<UserId> members = new LinkedHashSet<>();
    List<JsonNode> elements =
        values.list(node, at, "[alice@example.com, bob@example.com]").orElse(List.of());
    for (int i = 0; i < elements.size(); i++) {
      FieldPath member = at.element(i);
      Optional<String> email = values.text(elements.get(i), member);
      if (email.isPresent() && UserId.isValid(email.get())) {
        members.add(new UserId(email.get()));
      } else if (email.isPresent()) {
        values
            .problems()
            .error(
                member, "'" + email.get() + "' is not an e-mail address, like alice@example.com");
      }
    }
    return members;
  }
}
