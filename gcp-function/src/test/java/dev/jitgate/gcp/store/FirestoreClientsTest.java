package dev.jitgate.gcp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.firestore.Firestore;
import org.junit.jupiter.api.Test;

/** The clients the wiring builds: for a project's database, or for the emulator. */
class FirestoreClientsTest {

  @Test
  void open_targetsTheProjectAndDatabase() throws Exception {
    Firestore firestore = FirestoreClients.open("jitgate-prod-42", "jitgate");
    try {
      assertThat(firestore.getOptions().getProjectId()).isEqualTo("jitgate-prod-42");
      assertThat(firestore.getOptions().getDatabaseId()).isEqualTo("jitgate");
    } finally {
      firestore.close();
    }
  }

  @Test
  void openEmulator_setsOnlyTheEmulatorHostAndProject() throws Exception {
    Firestore firestore = FirestoreClients.openEmulator("127.0.0.1:9", "jitgate-test", "(default)");
    try {
      assertThat(firestore.getOptions().getEmulatorHost()).isEqualTo("127.0.0.1:9");
      assertThat(firestore.getOptions().getProjectId()).isEqualTo("jitgate-test");
      assertThat(firestore.getOptions().getDatabaseId()).isEqualTo("(default)");
    } finally {
      firestore.close();
    }
  }

  @Test
  void open_withAnEmptyProjectOrDatabase_isRefused() {
    assertThatThrownBy(() -> FirestoreClients.open(" ", "(default)"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Firestore project id is empty");
    assertThatThrownBy(() -> FirestoreClients.open("jitgate-prod-42", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Firestore database id is empty");
  }
}
