package dev.jitgate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The deployable jar that {@code package} built: lean (the url-connection HTTP client only, no
 * aws-crt, Apache or Netty classes) and within 40 MB. Runs in {@code verify}, after the jar exists.
 */
class ShadedJarIT {
  private static final Path JAR = Path.of("target", "jitgate-aws.jar");
  private static final long MAX_BYTES = 40L * 1024 * 1024;
  private static final List<String> FORBIDDEN =
      List.of(
          "software/amazon/awssdk/http/apache/",
          "software/amazon/awssdk/http/apache5/",
          "software/amazon/awssdk/http/nio/netty/",
          "software/amazon/awssdk/http/crt/",
          "software/amazon/awssdk/crt/",
          "io/netty/",
          "org/apache/http/",
          "org/apache/hc/");

  @Test
  void jar_isAtMost40Megabytes() throws IOException {
    assertThat(JAR).isRegularFile();
    assertThat(Files.size(JAR)).isLessThanOrEqualTo(MAX_BYTES);
  }

  @Test
  void jar_holdsNoCrtApacheOrNettyClass() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> forbidden =
          jar.stream()
              .map(ZipEntry::getName)
              .filter(name -> FORBIDDEN.stream().anyMatch(name::startsWith))
              .limit(10)
              .toList();
      assertThat(forbidden).isEmpty();
    }
  }

  @Test
  void jar_holdsTheHandlersAndOnlyTheUrlConnectionHttpService() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(jar.getEntry("dev/jitgate/aws/handler/ApiHandler.class")).isNotNull();
      assertThat(jar.getEntry("dev/jitgate/aws/handler/SweepHandler.class")).isNotNull();
      assertThat(jar.getEntry("org/crac/Resource.class")).isNotNull();
      ZipEntry services =
          jar.getEntry("META-INF/services/software.amazon.awssdk.http.SdkHttpService");
      assertThat(services).isNotNull();
      try (InputStream in = jar.getInputStream(services)) {
        String declared = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(
                declared.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")))
            .containsExactly(
                "software.amazon.awssdk.http.urlconnection.UrlConnectionSdkHttpService");
      }
    }
  }

  @Test
  void jar_leavesOutSignaturesAndH2_butCarriesPostgresqlForTheSharedStore() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = jar.stream().map(ZipEntry::getName).toList();

      assertThat(names)
          .filteredOn(
              name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA)") || name.startsWith("org/h2/"))
          .isEmpty();
      assertThat(names)
          .contains("org/postgresql/Driver.class", "com/zaxxer/hikari/HikariDataSource.class");
    }
  }
}
