package dev.jitgate.service;

import dev.jitgate.audit.AuditEvent;
import dev.jitgate.audit.AuditHours;
import dev.jitgate.audit.AuditKey;
import dev.jitgate.audit.ExportLines;
import dev.jitgate.audit.JsonLinesAuditSink;
import dev.jitgate.domain.AccessRequest;
import dev.jitgate.domain.RequestId;
import dev.jitgate.port.RequestStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes one page of an audit export as JSON Lines, hour by hour through the store's index of
 * hours: within an hour by request id, within a request by seq. Its reads follow the requests that
 * have events in the range, never everything stored. The lines are written as they are read, so a
 * front end that can stream sends them at once; the page's limit bounds what one that buffers
 * holds.
 */
public final class AuditExport {
  /** Request ids read from the index at a time. */
  static final int INDEX_PAGE = 100;

  private static final Duration HOUR = Duration.ofHours(1);

  private final RequestStore store;
  private final AuditKey key;
  private final AuditQuery query;

  /** An export of {@code query} from {@code store}, its end line sealed with {@code key}. */
  public AuditExport(RequestStore store, AuditKey key, AuditQuery query) {
    this.store = store;
    this.key = key;
    this.query = query;
  }

  /** The page this export writes. */
  public AuditQuery query() {
    return query;
  }

  /** Writes the page's event lines and then its sealed end line to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    MessageDigest sha256 = sha256();
    Page page = new Page(new DigestOutputStream(out, sha256));
    Instant hour = query.after().map(AuditQuery.Cursor::hour).orElse(hourOf(query.from()));
    boolean complete = true;
    for (boolean first = true; hour.isBefore(query.to()); hour = hour.plus(HOUR), first = false) {
      Optional<RequestId> after = Optional.empty();
      if (first && query.after().isPresent()) {
        AuditQuery.Cursor cursor = query.after().get();
        if (!page.write(cursor.request(), hour, cursor.seq())) {
          complete = false;
          break;
        }
        after = Optional.of(cursor.request());
      }
      if (!writeHour(page, hour, after)) {
        complete = false;
        break;
      }
    }
    out.flush();
    ExportLines.End end =
        new ExportLines.End(
            query.from().toString(),
            query.to().toString(),
            query.after().map(AuditQuery.Cursor::encode).orElse(null),
            page.count,
            complete,
            complete ? null : page.last.encode(),
            HexFormat.of().formatHex(sha256.digest()),
            null);
    out.write(ExportLines.endLine(end, key).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Writes the hour's events of every indexed request after {@code after}; false at the limit. */
  private boolean writeHour(Page page, Instant hour, Optional<RequestId> after) throws IOException {
    while (true) {
      List<RequestId> ids = store.withEventsInHour(hour, after, INDEX_PAGE);
      for (RequestId id : ids) {
        if (!page.write(id, hour, 0)) {
          return false;
        }
      }
      if (ids.size() < INDEX_PAGE) {
        return true;
      }
      after = Optional.of(ids.get(ids.size() - 1));
    }
  }

  private static Instant hourOf(Instant at) {
    return AuditHours.hourOf(at);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The lines written so far, and where the last one was. */
  private final class Page {
    private final OutputStream out;
    private long count;
    private AuditQuery.Cursor last;

    Page(OutputStream out) {
      this.out = out;
    }

    /**
     * Writes {@code id}'s events in {@code hour} and the range with seq above {@code afterSeq};
     * false, with the page full, when one more was due.
     */
    boolean write(RequestId id, Instant hour, long afterSeq) throws IOException {
      Optional<AccessRequest> request = store.get(id);
      if (request.isEmpty()) {
        return true;
      }
      for (AuditEvent event : request.get().events()) {
        if (event.seq() <= afterSeq
            || !hourOf(event.at()).equals(hour)
            || event.at().isBefore(query.from())
            || !event.at().isBefore(query.to())) {
          continue;
        }
        if (count == query.limit()) {
          return false;
        }
        out.write(
            (JsonLinesAuditSink.line(id.value(), event) + "\n").getBytes(StandardCharsets.UTF_8));
        count++;
        last = new AuditQuery.Cursor(hour, id, event.seq());
      }
      return true;
    }
  }
}
