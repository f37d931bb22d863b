package dev.jitgate.audit;

import static dev.jitgate.store.TestRequests.T0;
import static dev.jitgate.store.TestRequests.approver;
import static dev.jitgate.store.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jitgate.domain.AccessRequest;
import dev.jitgate.service.AuditExport;
import dev.jitgate.service.AuditQuery;
import dev.jitgate.store.jdbc.JdbcRequestStore;
import dev.jitgate.store.jdbc.JdbcStores;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** verify-audit's checks, on exports written by the real export from an H2 store. */
class ExportVerifierTest {
  private static final AuditKey KEY = new AuditKey(bytes(7));
  private static final AuditKey OTHER_KEY = new AuditKey(bytes(9));

  private final JdbcRequestStore store = JdbcStores.h2Memory("verify-" + UUID.randomUUID());
  private List<String> lines;

  @BeforeEach
  void exportTwoRequests() throws Exception {
    for (int n = 0; n < 2; n++) {
      AccessRequest pending = request().at(T0.plusSeconds(n)).pending().sealedWith(KEY);
      store.create(pending);
      AccessRequest approved =
          pending.approve(approver(1), "ok", T0.plusSeconds(60 + n)).sealedWith(KEY);
      store.update(approved, pending.version());
      AccessRequest active = approved.activate(T0.plusSeconds(120 + n), Map.of()).sealedWith(KEY);
      store.update(active, approved.version());
    }
    lines = export();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void verify_whenTheExportIsUntouched_findsNothingAndChecksTheSeals() {
    ExportVerifier.Report report = ExportVerifier.verify(lines, Optional.of(KEY));

    assertThat(report.problems()).isEmpty();
    assertThat(report.events()).isEqualTo(lines.size() - 1);
    assertThat(report.requests()).isEqualTo(2);
    assertThat(report.sealsChecked()).isTrue();
    assertThat(report.end()).hasValueSatisfying(end -> assertThat(end.complete()).isTrue());
  }

  @Test
  void verify_whenAnEventWasEdited_namesItsLineRequestAndSeq() {
    List<String> tampered = new ArrayList<>(lines);
    tampered.set(1, tampered.get(1).replace("\"ok\"", "\"fine\""));

    ExportVerifier.Report report = ExportVerifier.verify(tampered, Optional.of(KEY));

    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.seq()).isEqualTo(2);
              assertThat(p.requestId()).isNotNull();
              assertThat(p.what()).contains("was altered");
            });
    assertThat(report.problems()).anySatisfy(p -> assertThat(p.what()).contains("SHA-256"));
  }

  @Test
  void verify_whenAnEventWasRemoved_saysWhichIsMissing() {
    List<String> removed = new ArrayList<>(lines);
    removed.remove(1);

    ExportVerifier.Report report = ExportVerifier.verify(removed, Optional.empty());

    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.seq()).isEqualTo(3);
              assertThat(p.what()).isEqualTo("event 2 is missing after line 1");
            });
    assertThat(report.problems()).anySatisfy(p -> assertThat(p.what()).contains("counts 6"));
  }

  @Test
  void verify_whenTwoLinesOfARequestAreSwapped_reportsTheOutOfOrderEvent() {
    List<String> reordered = new ArrayList<>(lines);
    String second = reordered.get(1);
    reordered.set(1, reordered.get(2));
    reordered.set(2, second);

    ExportVerifier.Report report = ExportVerifier.verify(reordered, Optional.empty());

    assertThat(report.problems())
        .anySatisfy(
            p -> {
              assertThat(p.line()).isEqualTo(3);
              assertThat(p.seq()).isEqualTo(2);
              assertThat(p.what()).startsWith("out of order: it comes after event 3");
            });
  }

  @Test
  void verify_withAnotherKey_failsEverySealAndTheEndLine() {
    ExportVerifier.Report report = ExportVerifier.verify(lines, Optional.of(OTHER_KEY));

    assertThat(report.problems())
        .filteredOn(p -> p.what().startsWith("its seal does not match the audit key"))
        .hasSize(lines.size() - 1);
    assertThat(report.problems())
        .anySatisfy(p -> assertThat(p.what()).contains("end line's seal does not match"));
  }

  @Test
  void verify_withoutAKey_checksTheChainsAndSaysSealsWereNotChecked() {
    ExportVerifier.Report report = ExportVerifier.verify(lines, Optional.empty());

    assertThat(report.valid()).isTrue();
    assertThat(report.sealsChecked()).isFalse();
  }

  @Test
  void verify_whenTheEndLineIsMissing_saysTheExportWasCutOff() {
    ExportVerifier.Report report =
        ExportVerifier.verify(lines.subList(0, lines.size() - 1), Optional.of(KEY));

    assertThat(report.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.what()).contains("no end line"));
  }

  @Test
  void verify_whenAPageIsFull_itsEndLineContinuesAndEachPageVerifies() throws Exception {
    List<String> firstPage = export(4, Optional.empty());
    ExportLines.End end = ExportVerifier.verify(firstPage, Optional.of(KEY)).end().orElseThrow();
    List<String> secondPage = export(4, Optional.of(end.next()));

    assertThat(end.complete()).isFalse();
    assertThat(firstPage).hasSize(5);
    assertThat(ExportVerifier.verify(secondPage, Optional.of(KEY)).valid()).isTrue();
    List<String> both = new ArrayList<>(firstPage.subList(0, 4));
    both.addAll(secondPage.subList(0, secondPage.size() - 1));
    assertThat(both).isEqualTo(lines.subList(0, lines.size() - 1));
  }

  private List<String> export() throws Exception {
    return export(AuditQuery.DEFAULT_LIMIT, Optional.empty());
  }

  private List<String> export(int limit, Optional<String> after) throws Exception {
    AuditQuery query =
        AuditQuery.parse(
            Optional.of(T0.toString()),
            Optional.of(T0.plus(Duration.ofHours(2)).toString()),
            Optional.of(Integer.toString(limit)),
            after);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new AuditExport(store, KEY, query).writeTo(out);
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private static byte[] bytes(int fill) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) fill);
    return b;
  }
}
