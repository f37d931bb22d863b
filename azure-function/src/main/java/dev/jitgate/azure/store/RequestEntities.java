package dev.jitgate.azure.store;

import com.azure.data.tables.models.TableEntity;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.store.DocumentException;
import dev.jitgate.store.RequestDocument;
import dev.jitgate.store.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The entity that holds a request: PartitionKey {@code r:<id>}, RowKey {@code doc}, one partition
 * per request. Its JSON document is split over the String properties {@code doc0}, {@code doc1}, …
 * ({@code chunks} of them), because Azure allows 64 KiB per property, and the whole entity must
 * stay within Azure's 1 MiB and 255 properties: Azurite enforces neither, so this class does.
 *
 * <p>Beside the document: {@code version}, {@code state} (for people browsing the table), and
 * {@code indexed}, the references of the index entities this version needs, so that an update
 * writes only the ones that change. A tombstone (property {@code tombstone}) fills the place of a
 * request whose create was abandoned half-way; it reads as no request, and blocks that id for good.
 */
final class RequestEntities {

  static final String ROW = "doc";
  static final String VERSION = "version";
  static final String STATE = "state";
  static final String CHUNKS = "chunks";
  static final String CHUNK = "doc";
  static final String INDEXED = "indexed";
  static final String TOMBSTONE = "tombstone";

  /** Set by a reader to change the ETag, so that an abandoned writer's update fails. */
  static final String FENCED_AT = "fencedAt";

  /**
   * UTF-16 code units per document chunk. A String property holds at most 64 KiB, which is 32,768
   * code units; a chunk never ends between the two halves of a surrogate pair.
   */
  static final int CHUNK_CHARS = 32_000;

  /**
   * The largest entity this store writes: Azure's 1 MiB less 1 KiB, room for the {@link #FENCED_AT}
   * a reader may merge in and for Azure's own accounting beyond the published formula.
   */
  static final long MAX_ENTITY_BYTES = 1024 * 1024 - 1024;

  /** Azure's 255 properties per entity, less PartitionKey, RowKey and Timestamp. */
  static final int MAX_PROPERTIES = 252;

  private static final String PARTITION_PREFIX = "r:";
  private static final char REF_SEPARATOR = '\n';

  private RequestEntities() {}

  static String partition(RequestId id) {
    return PARTITION_PREFIX + id.value();
  }

  /**
   * The entity for {@code request}, which needs the index entities {@code indexed}.
   *
   * @throws StoreException if the entity would pass Azure's limits; nothing has been sent then
   */
  static TableEntity entity(AccessRequest request, Collection<IndexEntries.Entry> indexed) {
    String json = RequestDocument.toJson(request);
    List<String> chunks = chunks(json);
    TableEntity entity =
        new TableEntity(partition(request.id()), ROW)
            .addProperty(VERSION, request.version())
            .addProperty(STATE, request.state().name())
            .addProperty(
                INDEXED,
                indexed.stream()
                    .map(IndexEntries.Entry::ref)
                    .collect(Collectors.joining(String.valueOf(REF_SEPARATOR))))
            .addProperty(CHUNKS, chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      entity.addProperty(CHUNK + i, chunks.get(i));
    }
    int properties = entity.getProperties().size() - 2; // less PartitionKey and RowKey
    long size = size(entity);
    if (size > MAX_ENTITY_BYTES || properties > MAX_PROPERTIES) {
      throw new StoreException(
          "request "
              + request.id()
              + " is too large to store in Azure Table storage: about "
              + size
              + " bytes in "
              + properties
              + " properties, above this store's limit of "
              + MAX_ENTITY_BYTES
              + " bytes (Azure allows 1 MiB and 255 properties per entity)");
    }
    return entity;
  }

  /** A tombstone for request {@code id}, written at {@code at}. */
  static TableEntity tombstone(RequestId id, Instant at) {
    return new TableEntity(partition(id), ROW)
        .addProperty(TOMBSTONE, true)
        .addProperty(FENCED_AT, at.toEpochMilli());
  }

  static boolean isTombstone(TableEntity entity) {
    return Boolean.TRUE.equals(entity.getProperty(TOMBSTONE));
  }

  static long version(TableEntity entity) {
    Object version = entity.getProperty(VERSION);
    if (!(version instanceof Number number)) {
      throw new DocumentException(
          "stored request " + entity.getPartitionKey() + " has no numeric version");
    }
    return number.longValue();
  }

  /** The index entities the stored version needs, as {@link IndexEntries.Entry#ref()}s. */
  static Set<String> indexed(TableEntity entity) {
    Object refs = entity.getProperty(INDEXED);
    if (!(refs instanceof String text) || text.isEmpty()) {
      return Set.of();
    }
    return Set.of(text.split(String.valueOf(REF_SEPARATOR)));
  }

  /** The request an entity holds; its PartitionKey names it when the document cannot be read. */
  static AccessRequest request(TableEntity entity) {
    String name = entity.getPartitionKey();
    Object count = entity.getProperty(CHUNKS);
    if (!(count instanceof Number number) || number.intValue() < 1) {
      throw new DocumentException("stored request " + name + " has no document");
    }
    StringBuilder json = new StringBuilder();
    for (int i = 0; i < number.intValue(); i++) {
      if (!(entity.getProperty(CHUNK + i) instanceof String chunk)) {
        throw new DocumentException(
            "stored request " + name + " lacks part " + i + " of its document");
      }
      json.append(chunk);
    }
    try {
      return RequestDocument.fromJson(json.toString());
    } catch (DocumentException e) {
      throw new DocumentException(
          "stored request " + name + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** {@code json} in pieces of at most {@link #CHUNK_CHARS}, none ending in a high surrogate. */
  static List<String> chunks(String json) {
    List<String> chunks = new ArrayList<>();
    int from = 0;
    while (from < json.length()) {
      int to = Math.min(json.length(), from + CHUNK_CHARS);
      if (to < json.length() && Character.isHighSurrogate(json.charAt(to - 1))) {
        to--;
      }
      chunks.add(json.substring(from, to));
      from = to;
    }
    return chunks;
  }

  /**
   * The entity's size as Azure counts it: 4 bytes, 2 per character of PartitionKey and RowKey, and
   * per property 8 bytes, 2 per character of its name, and its value (a String 4 + 2 per UTF-16
   * code unit, an Int64 8, an Int32 4, a Boolean 1). Published in "How the size of an entity is
   * calculated in Windows Azure table storage" (Microsoft archive blogs).
   */
  static long size(TableEntity entity) {
    long size = 4 + 2L * (entity.getPartitionKey().length() + entity.getRowKey().length());
    for (Map.Entry<String, Object> property : entity.getProperties().entrySet()) {
      String name = property.getKey();
      if (name.equals("PartitionKey") || name.equals("RowKey") || name.startsWith("odata.")) {
        continue;
      }
      size += 8 + 2L * name.length() + valueSize(name, property.getValue());
    }
    return size;
  }

  private static long valueSize(String name, Object value) {
    if (value instanceof String s) {
      return 4 + 2L * s.length();
    } else if (value instanceof Long) {
      return 8;
    } else if (value instanceof Integer) {
      return 4;
    } else if (value instanceof Boolean) {
      return 1;
    }
    throw new IllegalStateException("property " + name + " has a type this store does not write");
  }
}
