package dev.jitgate.gcp.provider;

import com.google.cloud.resourcemanager.v3.FoldersGrpc;
import com.google.cloud.resourcemanager.v3.OrganizationsGrpc;
import com.google.cloud.resourcemanager.v3.ProjectsGrpc;
import com.google.iam.v1.Binding;
import com.google.iam.v1.GetIamPolicyRequest;
import com.google.iam.v1.Policy;
import com.google.iam.v1.SetIamPolicyRequest;
import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Resource Manager v3's IAM policy semantics that jitgate relies on, behind the real gRPC services
 * of projects, folders and organizations: etags that change with every write, 409 ABORTED on a
 * stale etag (and no retry by the client), policy version 3 (a read below 3 hides conditions and a
 * write below 3 drops them, so a missing version shows as a lost condition), the limits of IAM
 * Conditions, PERMISSION_DENIED and NOT_FOUND. It records every request as received.
 */
public final class FakeResourceManager {
  /** Which of the three services a request reached. */
  public enum Service {
    PROJECTS("projects/"),
    FOLDERS("folders/"),
    ORGANIZATIONS("organizations/");

    final String prefix;

    Service(String prefix) {
      this.prefix = prefix;
    }
  }

  /** One request as a service received it. */
  public record Received<T>(Service service, T request) {}

  private record Stored(Policy policy, long generation) {}

  private final Map<String, Stored> policies = new HashMap<>();
  private final List<Received<GetIamPolicyRequest>> gets = new ArrayList<>();
  private final List<Received<SetIamPolicyRequest>> sets = new ArrayList<>();
  private final Set<String> denied = new HashSet<>();
  private final Deque<Status> setFailures = new ArrayDeque<>();
  private final Deque<UnaryOperator<List<Binding>>> concurrentWrites = new ArrayDeque<>();
  private volatile CountDownLatch readers = new CountDownLatch(0);
  private int conflicts;

  /** A resource that exists, with these bindings in its policy. */
  public synchronized void create(String resource, Binding... bindings) {
    policies.put(
        resource, new Stored(Policy.newBuilder().addAllBindings(List.of(bindings)).build(), 1));
  }

  /** The stored policy, conditions and all, with its current etag and version. */
  public synchronized Policy policy(String resource) {
    return view(policies.get(resource), 3);
  }

  /** The etag the next read of {@code resource} returns. */
  synchronized ByteString etag(String resource) {
    return etag(policies.get(resource).generation());
  }

  /** Calls of {@code method} (getIamPolicy, setIamPolicy) on {@code resource} are denied. */
  synchronized void deny(String resource, String method) {
    denied.add(resource + "#" + method);
  }

  /** The next setIamPolicy calls fail with these statuses, one each, before any other check. */
  synchronized void failNextSets(Status... statuses) {
    setFailures.addAll(List.of(statuses));
  }

  /**
   * Before each of the next {@code times} setIamPolicy calls, another writer changes the policy
   * with {@code change}, so that the call's etag is stale.
   */
  synchronized void concurrentWriterBeforeNextSets(int times, UnaryOperator<List<Binding>> change) {
    for (int i = 0; i < times; i++) {
      concurrentWrites.add(change);
    }
  }

  /** The next {@code count} getIamPolicy calls wait for each other, so they read the same etag. */
  void holdReadsUntil(int count) {
    readers = new CountDownLatch(count);
  }

  public synchronized List<Received<GetIamPolicyRequest>> gets() {
    return List.copyOf(gets);
  }

  public synchronized List<Received<SetIamPolicyRequest>> sets() {
    return List.copyOf(sets);
  }

  /** How many writes were refused for a stale etag. */
  synchronized int conflicts() {
    return conflicts;
  }

  BindableService[] services() {
    return new BindableService[] {new Projects(), new Folders(), new Organizations()};
  }

  private void get(Service service, GetIamPolicyRequest request, StreamObserver<Policy> answer) {
    CountDownLatch waiting = readers;
    waiting.countDown();
    try {
      if (!waiting.await(10, TimeUnit.SECONDS)) {
        answer.onError(Status.DEADLINE_EXCEEDED.withDescription("readers never met").asException());
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.onError(Status.CANCELLED.asException());
      return;
    }
    Policy policy;
    synchronized (this) {
      gets.add(new Received<>(service, request));
      Status refused = refusal(service, request.getResource(), "getIamPolicy");
      if (refused != null) {
        answer.onError(refused.asException());
        return;
      }
      policy =
          view(
              policies.get(request.getResource()),
              request.getOptions().getRequestedPolicyVersion());
    }
    answer.onNext(policy);
    answer.onCompleted();
  }

  private void set(Service service, SetIamPolicyRequest request, StreamObserver<Policy> answer) {
    Policy written;
    synchronized (this) {
      sets.add(new Received<>(service, request));
      String resource = request.getResource();
      Status refused = refusal(service, resource, "setIamPolicy");
      if (refused == null && !setFailures.isEmpty()) {
        refused = setFailures.poll();
      }
      if (refused == null) {
        refused = invalid(request.getPolicy());
      }
      if (refused != null) {
        answer.onError(refused.asException());
        return;
      }
      Stored stored = policies.get(resource);
      if (!concurrentWrites.isEmpty()) {
        List<Binding> changed =
            concurrentWrites.poll().apply(new ArrayList<>(stored.policy().getBindingsList()));
        stored =
            new Stored(
                stored.policy().toBuilder().clearBindings().addAllBindings(changed).build(),
                stored.generation() + 1);
        policies.put(resource, stored);
      }
      ByteString etag = request.getPolicy().getEtag();
      if (!etag.isEmpty() && !etag.equals(etag(stored.generation()))) {
        conflicts++;
        answer.onError(
            Status.ABORTED
                .withDescription(
                    "There were concurrent policy changes. Please retry the whole"
                        + " read-modify-write with exponential backoff.")
                .asException());
        return;
      }
      List<Binding> bindings = new ArrayList<>();
      for (Binding binding : request.getPolicy().getBindingsList()) {
        // Below version 3 Google keeps no condition: the binding becomes unconditional.
        bindings.add(
            request.getPolicy().getVersion() < 3
                ? binding.toBuilder().clearCondition().build()
                : binding);
      }
      // The default update mask is "bindings, etag": audit configs and the rest stay as stored.
      Stored next =
          new Stored(
              stored.policy().toBuilder().clearBindings().addAllBindings(bindings).build(),
              stored.generation() + 1);
      policies.put(resource, next);
      written = view(next, 3);
    }
    answer.onNext(written);
    answer.onCompleted();
  }

  private Status refusal(Service service, String resource, String method) {
    if (!resource.startsWith(service.prefix)) {
      return Status.INVALID_ARGUMENT.withDescription(
          "the " + service + " service got the name " + resource);
    }
    if (!policies.containsKey(resource)) {
      return Status.NOT_FOUND.withDescription("Requested entity was not found.");
    }
    if (denied.contains(resource + "#" + method)) {
      return Status.PERMISSION_DENIED.withDescription("The caller does not have permission");
    }
    return null;
  }

  /** IAM's checks on a written policy that a wrong binding would trip. */
  private static Status invalid(Policy policy) {
    for (Binding binding : policy.getBindingsList()) {
      if (binding.getRole().isEmpty() || binding.getMembersCount() == 0) {
        return Status.INVALID_ARGUMENT.withDescription("a binding needs a role and members");
      }
      if (binding.hasCondition()) {
        if (binding.getCondition().getTitle().isEmpty()
            || binding.getCondition().getTitle().length() > 100
            || binding.getCondition().getDescription().length() > 256
            || binding.getCondition().getExpression().isEmpty()) {
          return Status.INVALID_ARGUMENT.withDescription("invalid condition");
        }
      }
    }
    return null;
  }

  /** A policy as read at {@code requested}: conditions only at version 3. */
  private static Policy view(Stored stored, int requested) {
    Policy.Builder policy = stored.policy().toBuilder().setEtag(etag(stored.generation()));
    boolean conditional = policy.getBindingsList().stream().anyMatch(Binding::hasCondition);
    if (requested < 3) {
      List<Binding> plain =
          policy.getBindingsList().stream()
              .map(b -> b.toBuilder().clearCondition().build())
              .toList();
      return policy.clearBindings().addAllBindings(plain).setVersion(1).build();
    }
    return policy.setVersion(conditional ? 3 : 1).build();
  }

  private static ByteString etag(long generation) {
    return ByteString.copyFrom("BwY" + generation, StandardCharsets.US_ASCII);
  }

  private final class Projects extends ProjectsGrpc.ProjectsImplBase {
    @Override
    public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> answer) {
      get(Service.PROJECTS, request, answer);
    }

    @Override
    public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> answer) {
      set(Service.PROJECTS, request, answer);
    }
  }

  private final class Folders extends FoldersGrpc.FoldersImplBase {
    @Override
    public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> answer) {
      get(Service.FOLDERS, request, answer);
    }

    @Override
    public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> answer) {
      set(Service.FOLDERS, request, answer);
    }
  }

  private final class Organizations extends OrganizationsGrpc.OrganizationsImplBase {
    @Override
    public void getIamPolicy(GetIamPolicyRequest request, StreamObserver<Policy> answer) {
      get(Service.ORGANIZATIONS, request, answer);
    }

    @Override
    public void setIamPolicy(SetIamPolicyRequest request, StreamObserver<Policy> answer) {
      set(Service.ORGANIZATIONS, request, answer);
    }
  }
}
