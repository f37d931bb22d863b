package dev.jitgate.bench;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.port.RequestStore;
import java.util.List;

/** The stores of one kind of server that a benchmark runs on, each fresh and empty. */
public interface BenchStores extends AutoCloseable {

  /** The server's name in the results, such as "DynamoDB Local". */
  String name();

  /** A new, empty store (a new table, database or collection) on the same server. */
  RequestStore fresh(String label) throws Exception;

  /**
   * Stores {@code requests} as fast as the server allows: batch writes where it has them, else
   * creates from several threads. The default creates them one by one from 8 threads.
   */
  default void seed(RequestStore store, List<AccessRequest> requests) throws Exception {
    Parallel.forEach(requests, 8, store::create);
  }

  @Override
  void close() throws Exception;
}
