package dev.jitgate.testing.coldstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSpecTest {
  @TempDir Path dir;

  @Test
  void read_takesTheHeadAndEachVariantWithArgumentsThatHoldSpaces() throws Exception {
    Path file = dir.resolve("spec");
    Files.write(
        file,
        List.of(
            "title AWS API function",
            "runs 5",
            "baseline trivial",
            "variant trivial",
            "kind lambda",
            "event /tmp/event.json",
            "expect \"statusCode\":200",
            "arg java",
            "arg -cp",
            "arg /a dir/x.jar",
            "variant api, AppCDS",
            "kind http",
            "path /api/v1/requests",
            "header Authorization: Bearer t0ken",
            "env JITGATE_SIGNING_KEYS=",
            "clear-env true",
            "arg java"));

    BenchSpec spec = BenchSpec.read(file);

    assertThat(spec.title()).isEqualTo("AWS API function");
    assertThat(spec.runs()).isEqualTo(5);
    assertThat(spec.variants())
        .extracting(BenchSpec.Variant::name)
        .containsExactly("trivial", "api, AppCDS");
    assertThat(spec.variants().get(0).command()).containsExactly("java", "-cp", "/a dir/x.jar");
    assertThat(spec.variants().get(0).expect()).isEqualTo("\"statusCode\":200");
    BenchSpec.Variant api = spec.variants().get(1);
    assertThat(api.headers()).containsEntry("Authorization", "Bearer t0ken");
    assertThat(api.env()).containsEntry("JITGATE_SIGNING_KEYS", "");
    assertThat(api.clearEnv()).isTrue();
  }

  @Test
  void read_whenNoVariantIsTheBaseline_fails() throws Exception {
    Path file = dir.resolve("spec");
    Files.write(file, List.of("baseline trivial", "variant api", "kind marker", "arg java"));

    Throwable thrown = catchThrowable(() -> BenchSpec.read(file));

    assertThat(thrown).hasMessage("no variant named as the baseline: trivial");
  }

  @Test
  void median_ofAnEvenCount_isTheMeanOfTheMiddleTwo() {
    assertThat(ColdStartHarness.median(List.of(40L, 10L, 30L, 20L))).isEqualTo(25.0);
    assertThat(ColdStartHarness.median(List.of(7L, 3L, 5L))).isEqualTo(5.0);
  }
}
