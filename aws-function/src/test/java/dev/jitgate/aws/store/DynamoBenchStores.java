package dev.jitgate.aws.store;

import dev.jitgate.bench.BenchStores;
import dev.jitgate.bench.LifecycleBench;
import dev.jitgate.bench.Parallel;
import dev.jitgate.bench.SweepBench;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.port.RequestStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * DynamoDB Local (in memory, loopback, telemetry off) for the benchmarks: a table per store, seeded
 * with BatchWriteItem, 25 items a call, from 4 threads.
 */
public final class DynamoBenchStores implements BenchStores {
  private final DynamoDbLocal server;

  private DynamoBenchStores(DynamoDbLocal server) {
    this.server = server;
  }

  @Override
  public String name() {
    return "DynamoDB Local";
  }

  private final Map<RequestStore, String> tables = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public RequestStore fresh(String label) {
    String table = server.createTable();
    RequestStore store = new DynamoRequestStore(server.client(), table);
    tables.put(store, table);
    return store;
  }

  @Override
  public void seed(RequestStore store, List<AccessRequest> requests) throws Exception {
    String table = tables.get(store);
    Parallel.chunks(
        requests,
        25,
        4,
        chunk -> {
          List<WriteRequest> puts =
              chunk.stream()
                  .map(
                      r ->
                          WriteRequest.builder()
                              .putRequest(PutRequest.builder().item(RequestItems.item(r)).build())
                              .build())
                  .toList();
          List<WriteRequest> pending = puts;
          for (int attempt = 0; !pending.isEmpty(); attempt++) {
            if (attempt == 10) {
              throw new IllegalStateException("BatchWriteItem left items unwritten 10 times");
            }
            List<WriteRequest> sending = pending;
            BatchWriteItemResponse response =
                server.client().batchWriteItem(b -> b.requestItems(Map.of(table, sending)));
            pending = response.unprocessedItems().getOrDefault(table, List.of());
          }
        });
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  /** {@code sweep} or {@code lifecycle}, then {@code --quick} for the short run. */
  public static void main(String[] args) throws Exception {
    DynamoBenchStores stores = new DynamoBenchStores(DynamoDbLocal.start());
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (args[0].equals("sweep")) {
      SweepBench.main(stores, rest);
    } else {
      LifecycleBench.main(stores, rest);
    }
  }
}
