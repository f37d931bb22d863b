package dev.jitgate.gcp.provider;

import com.google.iam.v1.Binding;
import com.google.iam.v1.Policy;
import com.google.type.Expr;
import dev.jitgate.domain.Grant;
import dev.jitgate.domain.GrantSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The conditional role binding one request adds: its role, the requester as {@code user:} member,
 * and a condition that ends at the window's end, titled with the request id so that this request's
 * binding is told apart from every other one, jitgate's or not.
 */
record JitgateBinding(String role, String member, Expr condition) {
  /** IAM Conditions limits: a title of at most 100 characters, a description of at most 256. */
  static final int TITLE_LIMIT = 100;

  static final int DESCRIPTION_LIMIT = 256;

  static final String TITLE_PREFIX = "jitgate ";

  static JitgateBinding of(Grant grant) {
    if (!(grant.spec() instanceof GrantSpec.GcpIamBinding spec)) {
      throw new IllegalArgumentException(
          "the IAM binding provider cannot grant " + grant.spec().kind().id());
    }
    String title = TITLE_PREFIX + grant.requestId().value();
    if (title.length() > TITLE_LIMIT) {
      throw new IllegalStateException("a request id makes a condition title over 100 characters");
    }
    Expr condition =
        Expr.newBuilder()
            .setTitle(title)
            .setExpression(expression(grant.window().end()))
            .setDescription(description(grant.justification()))
            .build();
    return new JitgateBinding(spec.role(), "user:" + grant.principal().email(), condition);
  }

  /**
   * Access while the request time is before the window's end, cut to whole seconds so that it never
   * outlasts the window (IAM docs, "Configure temporary access": {@code request.time <
   * timestamp("...")}).
   */
  static String expression(Instant end) {
    return "request.time < timestamp(\"" + end.truncatedTo(ChronoUnit.SECONDS) + "\")";
  }

  /**
   * The justification on one line, cut to the API's limit without splitting a character and marked
   * with an ellipsis when cut.
   */
  static String description(String justification) {
    String line = justification.replaceAll("\\p{Cntrl}", " ").strip();
    if (line.length() <= DESCRIPTION_LIMIT) {
      return line;
    }
    int end = DESCRIPTION_LIMIT - 1;
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + "\u2026";
  }

  /** The policy with this binding added, or empty when this request's binding is already there. */
  Optional<Policy> addTo(Policy policy) {
    List<Binding> bindings = new ArrayList<>(policy.getBindingsList());
    for (int i = 0; i < bindings.size(); i++) {
      Binding binding = bindings.get(i);
      if (isThisRequests(binding)) {
        if (hasMember(binding)) {
          return Optional.empty();
        }
        bindings.set(i, binding.toBuilder().addMembers(member).build());
        return Optional.of(withBindings(policy, bindings));
      }
    }
    bindings.add(
        Binding.newBuilder().setRole(role).addMembers(member).setCondition(condition).build());
    return Optional.of(withBindings(policy, bindings));
  }

  /**
   * The policy without this request's member in this request's binding, or empty when it is not
   * there. Another member of the same binding stays, and so does every other binding, including
   * another request's for the same role and member.
   */
  Optional<Policy> removeFrom(Policy policy) {
    List<Binding> bindings = new ArrayList<>();
    boolean removed = false;
    for (Binding binding : policy.getBindingsList()) {
      if (!isThisRequests(binding) || !hasMember(binding)) {
        bindings.add(binding);
        continue;
      }
      removed = true;
      List<String> others =
          binding.getMembersList().stream().filter(m -> !m.equalsIgnoreCase(member)).toList();
      if (!others.isEmpty()) {
        bindings.add(binding.toBuilder().clearMembers().addAllMembers(others).build());
      }
    }
    return removed ? Optional.of(withBindings(policy, bindings)) : Optional.empty();
  }

  /**
   * The policy with the requester moved from this request's binding with another end (the one
   * before an extension) onto this binding, whose condition ends later; the other members of the
   * old binding, and every other binding, stay as read. Empty when this binding already holds the
   * requester (a retry) or when no binding of this request holds them (the access is gone: an
   * extension never brings it back); {@link #heldIn} tells the two apart.
   */
  Optional<Policy> moveTo(Policy policy) {
    if (policy.getBindingsList().stream().anyMatch(b -> isThisRequests(b) && hasMember(b))) {
      return Optional.empty();
    }
    List<Binding> bindings = new ArrayList<>();
    boolean moved = false;
    for (Binding binding : policy.getBindingsList()) {
      if (!isThisRequestsAnyEnd(binding) || !hasMember(binding)) {
        bindings.add(binding);
        continue;
      }
      moved = true;
      List<String> others =
          binding.getMembersList().stream().filter(m -> !m.equalsIgnoreCase(member)).toList();
      if (!others.isEmpty()) {
        bindings.add(binding.toBuilder().clearMembers().addAllMembers(others).build());
      }
    }
    if (!moved) {
      return Optional.empty();
    }
    return addTo(withBindings(policy, bindings));
  }

  /** Whether some binding of this request, whatever its end, holds the requester. */
  boolean heldIn(Policy policy) {
    return policy.getBindingsList().stream().anyMatch(b -> isThisRequestsAnyEnd(b) && hasMember(b));
  }

  private boolean isThisRequestsAnyEnd(Binding binding) {
    return binding.getRole().equals(role)
        && binding.hasCondition()
        && binding.getCondition().getTitle().equals(condition.getTitle())
        && binding.getCondition().getExpression().startsWith("request.time < timestamp(");
  }

  /**
   * Same role, and a condition with this request's title and expression: a binding jitgate wrote
   * for this request. The description is not compared, so an edited description does not hide it.
   */
  private boolean isThisRequests(Binding binding) {
    return binding.getRole().equals(role)
        && binding.hasCondition()
        && binding.getCondition().getTitle().equals(condition.getTitle())
        && binding.getCondition().getExpression().equals(condition.getExpression());
  }

  /** E-mail addresses are compared without case: IAM may show them as the account spells them. */
  private boolean hasMember(Binding binding) {
    return binding.getMembersList().stream().anyMatch(m -> m.equalsIgnoreCase(member));
  }

  private static Policy withBindings(Policy policy, List<Binding> bindings) {
    return policy.toBuilder().clearBindings().addAllBindings(bindings).build();
  }
}
