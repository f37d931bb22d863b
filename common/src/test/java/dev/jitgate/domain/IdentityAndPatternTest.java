package dev.jitgate.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 8, items 9 and 13: identities that fold into someone else's, and runaway patterns. */
class IdentityAndPatternTest {

  @Test
  void kelvinSign_thatLowerCasesToK_isRefused_notFoldedIntoKarol() {
    assertThat(UserId.isValid("\u212Aarol@example.com")).isFalse();
    assertThatThrownBy(() -> new UserId("\u212Aarol@example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("normal form");
  }

  @Test
  void otherLookAlikesAndUnnormalizedText_areRefused() {
    // FULLWIDTH a, a decomposed e-acute, and a dotted capital I that lower-cases to i + dot.
    assertThat(UserId.isValid("\uFF41lice@example.com")).isFalse();
    assertThat(UserId.isValid("rene\u0301@example.com")).isFalse();
    assertThat(UserId.isValid("\u0130van@example.com")).isFalse();
  }

  @Test
  void ordinaryAddresses_stillWork_andAreLowerCased() {
    assertThat(new UserId(" Carol@Example.COM ").email()).isEqualTo("carol@example.com");
    assertThat(new UserId("ren\u00e9@example.com").email()).isEqualTo("ren\u00e9@example.com");
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against a hang
  void catastrophicPattern_atRunTime_stopsWithAClearRefusal() {
    // A pattern the loader would refuse, built directly: the run-time bound must still hold.
    JustificationRule rule =
        new JustificationRule(true, Optional.of(Pattern.compile("^(.*a){12}$")), Optional.empty());

    // Unbounded, this match runs for minutes on this machine (measured: over 100 s).
    assertThatThrownBy(() -> rule.accepts("a".repeat(40) + "b"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("could not be checked against the entitlement's pattern in time");
  }

  @Test
  void ordinaryPattern_matchesAsBefore() {
    JustificationRule rule =
        new JustificationRule(
            true, Optional.of(Pattern.compile("^(INC|CHG)-[0-9]+")), Optional.empty());

    assertThat(rule.accepts("INC-42: restore")).isTrue();
    assertThat(rule.accepts("because")).isFalse();
  }
}
