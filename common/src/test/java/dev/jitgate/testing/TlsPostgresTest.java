package dev.jitgate.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TLS-only PostgreSQL itself: its files, its access rules, and that closing it leaves neither a
 * server nor a file behind (checked after all tests, on the one server they share).
 */
class TlsPostgresTest {
  private static TlsPostgres postgres;

  @BeforeAll
  static void start() throws IOException {
    postgres = TlsPostgres.start();
  }

  @AfterAll
  static void close_stopsTheServerAndDeletesItsFiles() {
    if (postgres == null) {
      return;
    }
    Path directory = postgres.caFile().getParent();
    int port = postgres.port();

    postgres.close();

    assertThat(directory).doesNotExist();
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  void files_areTheOwnersOnly_andTheKeyIsPkcs8Pem() throws IOException {
    Path directory = postgres.caFile().getParent();

    assertThat(permissions(directory)).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        assertThat(permissions(file)).as(file.getFileName().toString()).isEqualTo("rw-------");
      }
    }
    assertThat(Files.readString(directory.resolve("server.key")))
        .startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(Files.readString(postgres.caFile())).startsWith("-----BEGIN CERTIFICATE-----\n");
  }

  @Test
  void serverCertificate_namesLoopbackByIpAndDns_andIsSignedByTheCa() throws Exception {
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    X509Certificate ca;
    X509Certificate server;
    try (InputStream in = Files.newInputStream(postgres.caFile())) {
      ca = (X509Certificate) x509.generateCertificate(in);
    }
    try (InputStream in = Files.newInputStream(postgres.caFile().resolveSibling("server.crt"))) {
      server = (X509Certificate) x509.generateCertificate(in);
    }

    assertThat(ca.getBasicConstraints()).isNotNegative();
    assertThat(server.getBasicConstraints()).isNegative();
    assertThat(server.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
    server.verify(ca.getPublicKey());
  }

  @Test
  void localhost_isVerifiedByItsDnsName() throws SQLException {
    String url = postgres.jdbcUrl().replace("//127.0.0.1:", "//localhost:");

    try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password());
        Statement s = c.createStatement()) {
      assertThat(text(s, "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"))
          .isEqualTo("true");
    }
  }

  @Test
  void server_listensOnLoopbackOverTlsOnly_withPasswordRules() throws SQLException {
    try (Connection c = postgres.adminConnection();
        Statement s = c.createStatement()) {
      assertThat(text(s, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
      assertThat(text(s, "SHOW unix_socket_directories")).isEmpty();
      assertThat(text(s, "SHOW ssl")).isEqualTo("on");
      assertThat(rows(s, "SELECT type || ' ' || auth_method FROM pg_hba_file_rules"))
          .containsExactly("hostnossl reject", "hostssl scram-sha-256");
    }
  }

  @Test
  void superuser_withoutItsPassword_isRefused_afterSetUp() {
    Properties noPassword = new Properties();
    noPassword.setProperty("user", "postgres");
    Properties wrongPassword = new Properties();
    wrongPassword.setProperty("user", "postgres");
    wrongPassword.setProperty("password", "not-the-password");

    assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), noPassword).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no password was provided");
    assertThatThrownBy(() -> DriverManager.getConnection(postgres.jdbcUrl(), wrongPassword).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed for user \"postgres\"");
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static String text(Statement s, String sql) throws SQLException {
    return rows(s, sql).get(0);
  }

  private static List<String> rows(Statement s, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }
}
