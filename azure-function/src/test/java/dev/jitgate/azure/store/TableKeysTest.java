package dev.jitgate.azure.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key parts Azure accepts, and RowKeys whose string order is time order. */
class TableKeysTest {

  @Test
  void part_escapesWhatAzureRefusesInKeys() {
    String grantKey =
        "azure.role-assignment|/subscriptions/6f2c/resourceGroups/pay#Reader?x\\y|a@example.com";

    String part = TableKeys.part(grantKey);

    assertThat(part)
        .isEqualTo(
            "azure.role-assignment|%2Fsubscriptions%2F6f2c%2FresourceGroups%2Fpay%23Reader%3Fx%5Cy"
                + "|a@example.com")
        .doesNotContain("/", "\\", "#", "?");
  }

  @Test
  void part_escapesControlCharactersTheEscapeTheQuoteAndTheHashMark() {
    assertThat(TableKeys.part("a\tb\u0085c%d'e~f\u007f")).isEqualTo("a%09b%85c%25d%27e%7Ef%7F");
  }

  @Test
  void part_isInjective_escapedValuesNeverLookLikeOthers() {
    assertThat(TableKeys.part("a/b")).isNotEqualTo(TableKeys.part("a%2Fb"));
    assertThat(TableKeys.part("~" + "0".repeat(64))).startsWith("%7E");
  }

  @Test
  void part_whenLong_isAHashOfFixedLength() {
    String longScope = "/subscriptions/" + "s".repeat(400);

    String part = TableKeys.part(longScope);

    assertThat(part).startsWith("~").hasSize(65).matches("~[0-9a-f]{64}");
    assertThat(TableKeys.part(longScope + "x")).isNotEqualTo(part);
    assertThat(TableKeys.part("s".repeat(TableKeys.MAX_READABLE))).doesNotStartWith("~");
  }

  @Test
  void sortable_ordersAsTheNumbers_negativesIncluded() {
    List<Long> values =
        List.of(
            Long.MIN_VALUE, -86_400_000L, -1L, 0L, 1L, 9L, 10L, 1_772_441_200_000L, Long.MAX_VALUE);
    List<String> keys = new ArrayList<>(values.stream().map(TableKeys::sortable).toList());
    Collections.shuffle(keys);

    Collections.sort(keys);

    assertThat(keys).containsExactlyElementsOf(values.stream().map(TableKeys::sortable).toList());
    assertThat(keys).allSatisfy(k -> assertThat(k).hasSize(TableKeys.SORTABLE_WIDTH));
  }

  @Test
  void sortableDescending_putsTheLaterTimeFirst() {
    assertThat(TableKeys.sortableDescending(2_000L))
        .isLessThan(TableKeys.sortableDescending(1_000L));
    assertThat(TableKeys.sortableDescending(-5L)).isGreaterThan(TableKeys.sortableDescending(5L));
  }

  @Test
  void literal_doublesQuotes() {
    assertThat(TableKeys.literal("usr:o'brien@example.com"))
        .isEqualTo("'usr:o''brien@example.com'");
  }
}
