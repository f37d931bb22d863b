package dev.jitgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The one pass over the file gives the tree Jackson's readTree gives, node type for node type. */
class SourceMapTest {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper TREES = new ObjectMapper(YAML);

  @Test
  void everyKindOfScalar_becomesTheNodeReadTreeMakes() throws Exception {
    String yaml =
        """
        text: plain
        quoted: "0123"
        octalLooking: 0123
        int: 42
        negative: -7
        long: 9876543210
        big: 123456789012345678901234567890
        float: 2.5
        yes: true
        no: false
        nothing: null
        tilde: ~
        empty:
        list: [1, two, {three: 3}]
        nested:
          deeper:
            - a
            - b: [c]
        """;

    JsonNode root = SourceMap.read(YAML, yaml).root();

    assertSameTree(root, TREES.readTree(yaml));
  }

  @Test
  void theExamplePolicy_readsToTheSameTree() throws Exception {
    String yaml = Files.readString(Path.of("..", "examples", "policy.yaml"));

    assertSameTree(SourceMap.read(YAML, yaml).root(), TREES.readTree(yaml));
  }

  @Test
  void aDuplicateKey_keepsTheLastValue_asReadTreeDoes_andIsAnIssue() throws Exception {
    String yaml = "a: 1\nb: 2\na: 3\n";

    SourceMap.Read read = SourceMap.read(YAML, yaml);

    assertSameTree(read.root(), TREES.readTree(yaml));
    assertThat(read.source().issues())
        .singleElement()
        .extracting(SourceMap.Issue::line)
        .isEqualTo(3);
  }

  @Test
  void anEmptyFile_hasAMissingRoot() throws Exception {
    assertThat(SourceMap.read(YAML, "").root().isMissingNode()).isTrue();
    assertThat(SourceMap.read(YAML, "# only a comment\n").root().isMissingNode()).isTrue();
  }

  @Test
  void onlyTheFirstDocument_isRead_andTheSecondIsAnIssue() throws Exception {
    SourceMap.Read read = SourceMap.read(YAML, "a: 1\n---\nb: 2\n");

    assertThat(read.root().toString()).isEqualTo("{\"a\":1}");
    assertThat(read.source().issues())
        .singleElement()
        .extracting(SourceMap.Issue::message)
        .asString()
        .contains("second YAML document");
  }

  private static void assertSameTree(JsonNode actual, JsonNode expected) {
    assertThat(actual).isEqualTo(expected);
    assertThat(describe(actual)).isEqualTo(describe(expected));
  }

  /** The tree with every node's class, so an IntNode and a LongNode of equal value differ. */
  private static String describe(JsonNode node) {
    StringBuilder out = new StringBuilder(node.getClass().getSimpleName());
    if (node.isContainerNode()) {
      out.append('[');
      node.fields()
          .forEachRemaining(
              e -> out.append(e.getKey()).append('=').append(describe(e.getValue())).append(','));
      for (JsonNode child : node.isArray() ? node : java.util.List.<JsonNode>of()) {
        out.append(describe(child)).append(',');
      }
      out.append(']');
    } else {
      out.append('(').append(node.asText()).append(')');
    }
    return out.toString();
  }
}
