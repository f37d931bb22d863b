package dev.jitgate.azure.store;

import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import dev.jitgate.domain.RequestId;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The calls the store makes on its table, each named by the store operation it serves. What the
 * store expects (missing, lost race) comes back as a value; any other failure as a {@link
 * dev.jitgate.store.StoreException} from {@link TableErrors#failure}.
 */
final class RequestTable {

  /** Azure returns at most 1,000 entities per page of a query. */
  static final int MAX_PAGE = 1000;

  private static final String ETAG = "odata.etag";

  /** What {@link #readHeader} selects: enough to decide on an update without the document. */
  private static final List<String> HEADER =
      List.of(
          "PartitionKey",
          "RowKey",
          RequestEntities.VERSION,
          RequestEntities.TOMBSTONE,
          RequestEntities.INDEXED);

  private final TableClient client;

  RequestTable(TableClient client) {
    this.client = client;
  }

  String name() {
    return client.getTableName();
  }

  /** The entity of request {@code id}, whole; empty when there is none. */
  Optional<TableEntity> read(RequestId id, String operation) {
    return read(id, null, operation);
  }

  /** The entity of request {@code id} without its document, with its ETag; empty when none. */
  Optional<TableEntity> readHeader(RequestId id, String operation) {
    return read(id, HEADER, operation);
  }

  /** Inserts {@code entity}; false when an entity with its keys is already there. */
  boolean insert(TableEntity entity, String operation) {
    try {
      client.createEntityWithResponse(entity, null, Context.NONE);
      return true;
    } catch (RuntimeException e) {
      if (TableErrors.status(e) == TableErrors.CONFLICT) {
        return false;
      }
      throw TableErrors.failure(operation, e);
    }
  }

  /** Inserts or replaces {@code entity}, whatever is stored under its keys. */
  void upsert(TableEntity entity, String operation) {
    try {
      client.upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, null, Context.NONE);
    } catch (RuntimeException e) {
      throw TableErrors.failure(operation, e);
    }
  }

  /**
   * Replaces the stored entity with {@code entity} if its ETag is still {@code etag}; false when it
   * changed or is gone.
   */
  boolean replaceIfUnchanged(TableEntity entity, String etag, String operation) {
    return updateIfUnchanged(entity, etag, TableEntityUpdateMode.REPLACE, operation);
  }

  /**
   * Merges the properties of {@code entity} into the stored one if its ETag is still {@code etag};
   * false when it changed or is gone.
   */
  boolean mergeIfUnchanged(TableEntity entity, String etag, String operation) {
    return updateIfUnchanged(entity, etag, TableEntityUpdateMode.MERGE, operation);
  }

  /** Deletes {@code entity} if its ETag is still the one it was read with; false otherwise. */
  boolean deleteIfUnchanged(TableEntity entity, String operation) {
    try {
      client.deleteEntityWithResponse(entity, true, null, Context.NONE);
      return true;
    } catch (RuntimeException e) {
      if (TableErrors.status(e) == TableErrors.PRECONDITION_FAILED
          || TableErrors.status(e) == TableErrors.NOT_FOUND) {
        return false;
      }
      throw TableErrors.failure(operation, e);
    }
  }

  /**
   * The entities {@code filter} selects, in key order, {@code select}ed, fetched a page of {@code
   * pageSize} at a time as the iteration goes on.
   */
  Iterable<TableEntity> query(String filter, List<String> select, int pageSize, String operation) {
    ListEntitiesOptions options =
        new ListEntitiesOptions()
            .setFilter(filter)
            .setSelect(select)
            .setTop(Math.max(1, Math.min(MAX_PAGE, pageSize)));
    return () -> {
      Iterator<TableEntity> pages;
      try {
        pages = client.listEntities(options, null, Context.NONE).iterator();
      } catch (RuntimeException e) {
        throw TableErrors.failure(operation, e);
      }
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          try {
            return pages.hasNext();
          } catch (RuntimeException e) {
            throw TableErrors.failure(operation, e);
          }
        }

        @Override
        public TableEntity next() {
          try {
            return pages.next();
          } catch (RuntimeException e) {
            throw TableErrors.failure(operation, e);
          }
        }
      };
    };
  }

  /** Creates the table; does nothing when it exists already. */
  void createIfMissing() {
    try {
      client.createTable();
    } catch (RuntimeException e) {
      if (TableErrors.status(e) != TableErrors.CONFLICT) {
        throw TableErrors.failure("create table " + name(), e);
      }
    }
  }

  /** {@code entity} with {@code etag} set, the condition of an update or delete. */
  static TableEntity withEtag(TableEntity entity, String etag) {
    return entity.addProperty(ETAG, etag);
  }

  private Optional<TableEntity> read(RequestId id, List<String> select, String operation) {
    try {
      return Optional.of(
          client
              .getEntityWithResponse(
                  RequestEntities.partition(id), RequestEntities.ROW, select, null, Context.NONE)
              .getValue());
    } catch (RuntimeException e) {
      if (TableErrors.status(e) == TableErrors.NOT_FOUND) {
        return Optional.empty();
      }
      throw TableErrors.failure(operation, e);
    }
  }

  private boolean updateIfUnchanged(
      TableEntity entity, String etag, TableEntityUpdateMode mode, String operation) {
    try {
      client.updateEntityWithResponse(withEtag(entity, etag), mode, true, null, Context.NONE);
      return true;
    } catch (RuntimeException e) {
      // 404: the entity is gone, which an update must not bring back.
      if (TableErrors.lostRace(e) || TableErrors.status(e) == TableErrors.NOT_FOUND) {
        return false;
      }
      throw TableErrors.failure(operation, e);
    }
  }
}
