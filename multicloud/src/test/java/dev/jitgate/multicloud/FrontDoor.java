package dev.jitgate.multicloud;

import java.util.Map;

/**
 * How one deployment takes HTTP requests: its platform's event or message, handed to its own
 * handler class, as that platform would.
 */
interface FrontDoor extends AutoCloseable {
  /**
   * @param pathAndQuery such as {@code /api/v1/requests?role=approver}
   * @param headers names in any case
   * @param body the body text, or null for none
   */
  Answer send(String method, String pathAndQuery, Map<String, String> headers, String body);

  @Override
  default void close() {}
}
