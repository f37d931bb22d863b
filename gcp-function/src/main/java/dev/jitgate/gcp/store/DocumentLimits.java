package dev.jitgate.gcp.store;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.FieldValue;
import dev.jitgate.domain.RequestId;
import dev.jitgate.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Firestore's size limits, checked before a document is sent so that an over-large request fails
 * with its id and size named rather than a bare INVALID_ARGUMENT, and the same way on the emulator.
 * Sizes follow "Storage size calculations" and the limits "Quotas and limits" (Firestore docs).
 */
final class DocumentLimits {

  /** The largest document: 1 MiB. */
  static final int MAX_DOCUMENT_BYTES = 1_048_576;

  /** The largest field value: 1 MiB - 89 bytes. */
  static final int MAX_FIELD_VALUE_BYTES = 1_048_487;

  /** A document's size beyond its name and fields. */
  private static final int DOCUMENT_OVERHEAD = 32;

  /** A document name's size beyond its collection and document ids. */
  private static final int NAME_OVERHEAD = 16;

  /** Integers and timestamps. */
  private static final int EIGHT_BYTES = 8;

  private DocumentLimits() {}

  /**
   * Refuses the document {@code fields} would make under {@code collection}/{@code documentId} when
   * it passes a limit.
   *
   * @throws StoreException naming {@code request}, the size and the limit
   */
  static void check(
      RequestId request, String collection, String documentId, Map<String, Object> fields) {
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      if (field.getValue() instanceof String value) {
        int bytes = utf8(value);
        if (bytes > MAX_FIELD_VALUE_BYTES) {
          throw new StoreException(
              "request "
                  + request
                  + " is too large to store in Firestore: its field '"
                  + field.getKey()
                  + "' is "
                  + bytes
                  + " bytes, above the "
                  + MAX_FIELD_VALUE_BYTES
                  + " a field value may have");
        }
      }
    }
    int size = size(collection, documentId, fields);
    if (size > MAX_DOCUMENT_BYTES) {
      throw new StoreException(
          "request "
              + request
              + " is too large to store in Firestore: its document is "
              + size
              + " bytes, above the "
              + MAX_DOCUMENT_BYTES
              + " (1 MiB) a document may have");
    }
  }

  /**
   * The stored size of the document: its name (the string sizes of its collection and document ids
   * plus 16), its fields (the string size of each name plus its value's size) and 32. A field set
   * to {@link FieldValue#delete()} is not stored and counts nothing.
   */
  static int size(String collection, String documentId, Map<String, Object> fields) {
    int size = stringSize(collection) + stringSize(documentId) + NAME_OVERHEAD + DOCUMENT_OVERHEAD;
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      Object value = field.getValue();
      if (FieldValue.delete().equals(value)) {
        continue;
      }
      size += stringSize(field.getKey()) + valueSize(field.getKey(), value);
    }
    return size;
  }

  private static int valueSize(String name, Object value) {
    if (value instanceof String s) {
      return stringSize(s);
    }
    if (value instanceof Long || value instanceof Timestamp) {
      return EIGHT_BYTES;
    }
    if (value instanceof java.util.List<?> list) {
      // An array is the sum of its values' sizes ("Storage size calculations").
      int size = 0;
      for (Object element : list) {
        size += valueSize(name, element);
      }
      return size;
    }
    throw new IllegalStateException(
        "field '" + name + "' has a type this store does not write: " + value.getClass());
  }

  /** A string's stored size: its UTF-8 bytes and one. */
  private static int stringSize(String s) {
    return utf8(s) + 1;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
