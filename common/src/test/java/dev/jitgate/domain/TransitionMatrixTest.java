package dev.jitgate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jitgate.testing.Fixtures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation tried from every state: the legal ones move, the others are conflicts. */
class TransitionMatrixTest {
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant LATE = T0.plus(Duration.ofDays(2));
  private static final Caller ALICE = Caller.of("alice@example.com", "sre");
  private static final UserId CAROL = new UserId("carol@example.com");

  /** An operation, and the state it leads to when it is legal. */
  enum Op {
    APPROVE(RequestState.APPROVED, r -> r.approve(CAROL, "", LATE)),
    DENY(RequestState.DENIED, r -> r.deny(CAROL, "no", LATE)),
    CANCEL(RequestState.CANCELLED, r -> r.cancel(ALICE.email(), LATE)),
    TIME_OUT(RequestState.TIMED_OUT, r -> r.timeOut(LATE)),
    ACTIVATE(RequestState.ACTIVE, r -> r.activate(LATE, Map.of())),
    FAIL(RequestState.FAILED, r -> r.fail("window ended", LATE)),
    EXPIRE(RequestState.EXPIRED, r -> r.expire(LATE, Map.of())),
    REVOKE(RequestState.REVOKED, r -> r.revoke(CAROL, "done", LATE, Map.of()));

    final RequestState target;
    final UnaryOperator<AccessRequest> apply;

    Op(RequestState target, UnaryOperator<AccessRequest> apply) {
      this.target = target;
      this.apply = apply;
    }
  }

  static AccessRequest inState(RequestState state) {
    Entitlement e = Fixtures.entitlement("gcp-prod", Fixtures.GCP_STORAGE_ADMIN, 1);
    AccessRequest pending =
        AccessRequest.submit(RequestId.random(), e, ALICE, Duration.ofHours(1), "INC-1", T0);
    AccessRequest approved = pending.approve(CAROL, "", T0);
    AccessRequest active = approved.activate(T0, Map.of());
    return switch (state) {
      case PENDING -> pending;
      case APPROVED -> approved;
      case ACTIVE -> active;
      case DENIED -> pending.deny(CAROL, "no", T0);
      case CANCELLED -> pending.cancel(ALICE.email(), T0);
      case TIMED_OUT -> pending.timeOut(T0.plus(Duration.ofHours(24)));
      case EXPIRED -> active.expire(T0.plus(Duration.ofHours(1)), Map.of());
      case REVOKED -> active.revoke(CAROL, "done", T0, Map.of());
      case FAILED -> approved.fail("gone", T0);
    };
  }

  static Stream<Arguments> everyStateAndOperation() {
    List<Arguments> all = new ArrayList<>();
    for (RequestState state : RequestState.values()) {
      for (Op op : Op.values()) {
        all.add(Arguments.of(state, op));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{1} from {0}")
  @MethodSource("everyStateAndOperation")
  void operation_movesOnlyAlongTheStateMachine(RequestState from, Op op) {
    AccessRequest request = inState(from);
    assertThat(request.state()).isEqualTo(from);

    if (from.canMoveTo(op.target)) {
      AccessRequest moved = op.apply.apply(request);
      assertThat(moved.state()).isEqualTo(op.target);
      assertThat(moved.version()).isEqualTo(request.version() + 1);
      assertThat(moved.events()).hasSize(request.events().size() + 1);
    } else {
      assertThatThrownBy(() -> op.apply.apply(request))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining(from.name());
    }
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.EnumSource(RequestState.class)
  void finalStates_haveNoWayOut_andOthersHaveOne(RequestState state) {
    boolean terminal =
        switch (state) {
          case PENDING, APPROVED, ACTIVE -> false;
          default -> true;
        };
    assertThat(state.isFinal()).isEqualTo(terminal);
  }
}
