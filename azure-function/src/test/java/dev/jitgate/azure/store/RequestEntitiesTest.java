package dev.jitgate.azure.store;

import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.data.tables.models.TableEntity;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.store.DocumentException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a request becomes one entity within Azure's limits, and back. */
class RequestEntitiesTest {

  @Test
  void chunks_neverSplitASurrogatePair_andJoinBackToTheDocument() {
    // A lock emoji is two UTF-16 code units; shifting it by one puts a pair across the boundary.
    String json = "x" + "\uD83D\uDD10".repeat(40_000);

    List<String> chunks = RequestEntities.chunks(json);

    assertThat(String.join("", chunks)).isEqualTo(json);
    assertThat(chunks).hasSize(3);
    assertThat(chunks.get(0)).hasSize(RequestEntities.CHUNK_CHARS - 1);
    for (String chunk : chunks) {
      assertThat(chunk.length()).isLessThanOrEqualTo(RequestEntities.CHUNK_CHARS);
      assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1))).isFalse();
      assertThat(Character.isLowSurrogate(chunk.charAt(0))).isFalse();
    }
  }

  @Test
  void entity_withNonAsciiText_roundTripsThroughItsChunks() {
    AccessRequest r = request().justification("é\uD83D\uDD10x".repeat(30_000)).pending();

    TableEntity entity = RequestEntities.entity(r, IndexEntries.of(r));

    assertThat((Integer) entity.getProperty("chunks")).isGreaterThan(5);
    assertThat(RequestEntities.request(entity)).isEqualTo(r);
  }

  @Test
  void size_countsAsAzurePublishesIt() {
    TableEntity entity =
        new TableEntity("pk", "row")
            .addProperty("s", "abcd")
            .addProperty("l", 7L)
            .addProperty("i", 3)
            .addProperty("b", true);

    // 4 + 2 * (2 + 3) + (8 + 2 + 4 + 8) + (8 + 2 + 8) + (8 + 2 + 4) + (8 + 2 + 1)
    assertThat(RequestEntities.size(entity)).isEqualTo(14 + 22 + 18 + 14 + 11);
  }

  @Test
  void entity_atTheSizeLimit_staysFarBelowAzuresPropertyLimit() {
    // Under 1 MiB, chunks of 64,000 bytes: the byte limit binds long before the 255 properties.
    AccessRequest r = request().justification("y".repeat(255_000)).pending();

    TableEntity entity = RequestEntities.entity(r, IndexEntries.of(r));

    assertThat(RequestEntities.size(entity))
        .isGreaterThan(RequestEntities.MAX_ENTITY_BYTES - 40_000);
    assertThat(entity.getProperties()).hasSizeLessThan(30);
  }

  @Test
  void entity_namesTheIndexEntitiesItsVersionNeeds() {
    AccessRequest r = request().active();

    TableEntity entity = RequestEntities.entity(r, IndexEntries.of(r));

    assertThat(RequestEntities.indexed(entity))
        .containsExactlyInAnyOrderElementsOf(
            IndexEntries.of(r).stream().map(IndexEntries.Entry::ref).toList());
    assertThat(RequestEntities.version(entity)).isEqualTo(r.version());
    assertThat(entity.getProperty("state")).isEqualTo("ACTIVE");
  }

  @Test
  void request_whenAChunkIsMissing_namesTheRequest() {
    AccessRequest r = request().justification("q".repeat(70_000)).pending();
    TableEntity entity = RequestEntities.entity(r, IndexEntries.of(r));
    entity.getProperties().remove("doc1");

    assertThatThrownBy(() -> RequestEntities.request(entity))
        .isInstanceOf(DocumentException.class)
        .hasMessage("stored request r:" + r.id() + " lacks part 1 of its document");
  }

  @Test
  void tombstone_isNoRequest() {
    AccessRequest r = request().pending();

    TableEntity tombstone = RequestEntities.tombstone(r.id(), r.createdAt());

    assertThat(RequestEntities.isTombstone(tombstone)).isTrue();
    assertThat(RequestEntities.isTombstone(RequestEntities.entity(r, List.of()))).isFalse();
  }
}
