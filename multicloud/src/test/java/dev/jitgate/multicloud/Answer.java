package dev.jitgate.multicloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/** What a deployment's front door answered: the status and the body as text. */
record Answer(int status, String body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The body as JSON; fails the test with the body when it is not. */
  JsonNode json() {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
    }
  }
}
