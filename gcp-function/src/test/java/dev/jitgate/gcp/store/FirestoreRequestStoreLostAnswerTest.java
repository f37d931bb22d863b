package dev.jitgate.gcp.store;

import static dev.jitgate.store.TestRequests.STEP;
import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.auth.Credentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.ConflictException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A commit whose answer is lost: the write landed, the client saw UNAVAILABLE and sent the commit
 * again, and the retry met the store's own write. The store must report its write, not a lost race.
 * A gRPC interceptor between the client and the emulator drops the first answer.
 */
@ExtendWith(OnFirestoreEmulator.class)
class FirestoreRequestStoreLostAnswerTest {
  private static final String PROJECT = "jitgate-store-lost-answer";
  private static final String COMMIT = "google.firestore.v1.Firestore/Commit";

  private static final LoseNextCommitAnswer LOSE = new LoseNextCommitAnswer();
  private static Firestore firestore;
  private FirestoreRequestStore store;

  @BeforeAll
  static void connect(FirestoreEmulator emulator) {
    // The emulator host option would replace this channel, so the channel is built here: plain
    // gRPC to the emulator, the interceptor, and the emulator's owner token.
    firestore =
        FirestoreOptions.newBuilder()
            .setProjectId(PROJECT)
            .setChannelProvider(
                InstantiatingGrpcChannelProvider.newBuilder()
                    .setEndpoint(emulator.hostAndPort())
                    .setChannelConfigurator(channel -> channel.usePlaintext())
                    .setInterceptorProvider(() -> List.of(LOSE))
                    .build())
            .setCredentialsProvider(FixedCredentialsProvider.create(new EmulatorOwner()))
            .build()
            .getService();
  }

  @AfterAll
  static void disconnect() throws Exception {
    if (firestore != null) {
      firestore.close();
    }
  }

  @BeforeEach
  void freshCollection() {
    store = FirestoreRequestStore.connect(firestore, "requests-" + UUID.randomUUID());
    LOSE.reset();
  }

  @Test
  void create_whenTheAnswerIsLostAndTheRetryMeetsItsOwnDocument_succeeds() {
    AccessRequest pending = request().pending();
    LOSE.arm();

    store.create(pending);

    assertThat(LOSE.commits()).as("the commit and the client's retry").isEqualTo(2);
    assertThat(store.get(pending.id())).contains(pending);
  }

  @Test
  void create_whenAnotherRequestHoldsTheId_stillConflicts() {
    AccessRequest first = request().id("same-id-for-both").pending();
    AccessRequest second = request().id("same-id-for-both").requester("bob@example.com").pending();
    store.create(first);

    assertThatThrownBy(() -> store.create(second)).isInstanceOf(ConflictException.class);
    assertThat(store.get(first.id())).contains(first);
  }

  @Test
  void update_whenTheAnswerIsLostAndTheRetryMeetsItsOwnWrite_reportsTheWrite() {
    AccessRequest pending = request().pending();
    store.create(pending);
    AccessRequest approved = pending.approve(approver(1), "ok", T0.plus(STEP));
    LOSE.arm();

    boolean written = store.update(approved, pending.version());

    assertThat(written).isTrue();
    assertThat(LOSE.commits()).as("the create, the commit and the client's retry").isEqualTo(3);
    assertThat(store.get(pending.id())).contains(approved);
  }

  @Test
  void update_whenAnotherWriterWonFromTheSameVersion_stillReportsALostRace() {
    AccessRequest pending = request().approvals(2).pending();
    store.create(pending);
    AccessRequest first = pending.approve(approver(1), "first", T0.plus(STEP));
    AccessRequest second = pending.approve(approver(2), "second", T0.plus(STEP));
    assertThat(store.update(first, pending.version())).isTrue();

    assertThat(store.update(second, pending.version())).isFalse();
    assertThat(store.get(pending.id())).contains(first);
  }

  /** Lets the next commit through to the emulator, then turns its answer into UNAVAILABLE. */
  private static final class LoseNextCommitAnswer implements ClientInterceptor {
    private final AtomicBoolean armed = new AtomicBoolean();
    private final AtomicInteger commits = new AtomicInteger();

    void arm() {
      armed.set(true);
    }

    void reset() {
      armed.set(false);
      commits.set(0);
    }

    int commits() {
      return commits.get();
    }

    @Override
    public <Q, A> ClientCall<Q, A> interceptCall(
        MethodDescriptor<Q, A> method, CallOptions options, Channel next) {
      ClientCall<Q, A> call = next.newCall(method, options);
      if (!method.getFullMethodName().equals(COMMIT)) {
        return call;
      }
      commits.incrementAndGet();
      if (!armed.compareAndSet(true, false)) {
        return call;
      }
      return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
        @Override
        public void start(Listener<A> listener, Metadata headers) {
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onMessage(A message) {
                  // The answer is lost on its way back.
                }

                @Override
                public void onClose(Status status, Metadata trailers) {
                  super.onClose(
                      status.isOk()
                          ? Status.UNAVAILABLE.withDescription("the test lost this answer")
                          : status,
                      trailers);
                }
              },
              headers);
        }
      };
    }
  }

  /** The token the emulator takes for its owner, as the client sends it to the emulator. */
  private static final class EmulatorOwner extends Credentials {
    private static final long serialVersionUID = 1L;

    @Override
    public String getAuthenticationType() {
      return "emulator";
    }

    @Override
    public Map<String, List<String>> getRequestMetadata(URI uri) {
      return Map.of("Authorization", List.of("Bearer owner"));
    }

    @Override
    public boolean hasRequestMetadata() {
      return true;
    }

    @Override
    public boolean hasRequestMetadataOnly() {
      return true;
    }

    @Override
    public void refresh() {}
  }
}
