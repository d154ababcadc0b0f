package hca.config;

import static hca.config.ConfigFixture.json;
import static hca.config.ConfigFixture.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigMergeTest {

  @TempDir Path tmp;

  private static JsonNode merged(String base, String update) {
    ObjectNode into = (ObjectNode) json(base);
    ConfigMerge.merge(into, (ObjectNode) json(update), "test");
    return into;
  }

  @Test
  void nestedObjectsMergeKeyByKey() {
    assertThat(merged("{\"a\":{\"b\":1,\"c\":{\"d\":1}},\"z\":0}", "{\"a\":{\"c\":{\"e\":2}}}"))
        .isEqualTo(json("{\"a\":{\"b\":1,\"c\":{\"d\":1,\"e\":2}},\"z\":0}"));
  }

  @Test
  void aListReplacesTheEarlierList() {
    assertThat(merged("{\"x\":[1,2]}", "{\"x\":[3]}")).isEqualTo(json("{\"x\":[3]}"));
  }

  @Test
  void aScalarReplacesAnObjectAndAnObjectReplacesAScalar() {
    assertThat(merged("{\"x\":{\"a\":1}}", "{\"x\":null}")).isEqualTo(json("{\"x\":null}"));
    assertThat(merged("{\"x\":\"s\"}", "{\"x\":{\"a\":1}}")).isEqualTo(json("{\"x\":{\"a\":1}}"));
  }

  @Test
  void appendAddsItsArgumentAsOneElement() {
    assertThat(merged("{\"x\":[1,2]}", "{\"x\":{\"$append\":[3,4]}}"))
        .isEqualTo(json("{\"x\":[1,2,[3,4]]}"));
  }

  @Test
  void extendAddsEachElementAtTheEnd() {
    assertThat(merged("{\"x\":[1,2]}", "{\"x\":{\"$extend\":[3,4]}}"))
        .isEqualTo(json("{\"x\":[1,2,3,4]}"));
  }

  @Test
  void extendleftPutsTheElementsInFrontInTheirOrder() {
    // tweak does list[0:0] = [..], not deque.extendleft; its README shows [-2, -1, 0, ...].
    assertThat(merged("{\"x\":[0,1,2]}", "{\"x\":{\"$extendleft\":[-2,-1]}}"))
        .isEqualTo(json("{\"x\":[-2,-1,0,1,2]}"));
  }

  @Test
  void insertPutsTheValueAtThePosition() {
    assertThat(merged("{\"x\":[1,2,3]}", "{\"x\":{\"$insert\":{\"0\":0}}}"))
        .isEqualTo(json("{\"x\":[0,1,2,3]}"));
    assertThat(merged("{\"x\":[1,2,3]}", "{\"x\":{\"$insert\":{\"1\":\"a\"}}}"))
        .isEqualTo(json("{\"x\":[1,\"a\",2,3]}"));
  }

  @Test
  void insertFollowsPythonListInsertForNegativeAndOutOfRangePositions() {
    assertThat(merged("{\"x\":[1,2,3]}", "{\"x\":{\"$insert\":{\"-1\":\"a\"}}}"))
        .isEqualTo(json("{\"x\":[1,2,\"a\",3]}"));
    assertThat(merged("{\"x\":[1,2,3]}", "{\"x\":{\"$insert\":{\"-10\":\"a\"}}}"))
        .isEqualTo(json("{\"x\":[\"a\",1,2,3]}"));
    assertThat(merged("{\"x\":[1,2,3]}", "{\"x\":{\"$insert\":{\"10\":\"a\"}}}"))
        .isEqualTo(json("{\"x\":[1,2,3,\"a\"]}"));
    assertThat(merged("{\"x\":[1,2,3]}", "{\"x\":{\"$insert\":{\"3\":\"a\"}}}"))
        .isEqualTo(json("{\"x\":[1,2,3,\"a\"]}"));
    assertThat(merged("{\"x\":[]}", "{\"x\":{\"$insert\":{\"-1\":\"a\"}}}"))
        .isEqualTo(json("{\"x\":[\"a\"]}"));
  }

  @Test
  void insertWithSeveralPositionsInsertsInTurn() {
    // "a" goes to 0, then "b" to 2 of the list that already holds "a".
    assertThat(merged("{\"x\":[1,2,3]}", "{\"x\":{\"$insert\":{\"0\":\"a\",\"2\":\"b\"}}}"))
        .isEqualTo(json("{\"x\":[\"a\",1,\"b\",2,3]}"));
  }

  @Test
  void removeDeletesTheFirstEqualElementOnly() {
    assertThat(merged("{\"x\":[1,2,1]}", "{\"x\":{\"$remove\":1}}"))
        .isEqualTo(json("{\"x\":[2,1]}"));
    assertThat(merged("{\"x\":[{\"a\":1},{\"a\":2}]}", "{\"x\":{\"$remove\":{\"a\":2}}}"))
        .isEqualTo(json("{\"x\":[{\"a\":1}]}"));
  }

  @Test
  void removeComparesNumbersByValue() {
    assertThat(merged("{\"x\":[1,2]}", "{\"x\":{\"$remove\":1.0}}")).isEqualTo(json("{\"x\":[2]}"));
  }

  @Test
  void removeOfAnAbsentElementLeavesTheList() {
    assertThat(merged("{\"x\":[1,2]}", "{\"x\":{\"$remove\":3}}")).isEqualTo(json("{\"x\":[1,2]}"));
  }

  @Test
  void anOperatorOnAnAbsentKeyStartsFromAnEmptyList() {
    assertThat(merged("{}", "{\"x\":{\"$append\":1}}")).isEqualTo(json("{\"x\":[1]}"));
    assertThat(merged("{}", "{\"a\":{\"x\":{\"$extend\":[1,2]}}}"))
        .isEqualTo(json("{\"a\":{\"x\":[1,2]}}"));
  }

  @Test
  void operatorsApplyInsideNestedObjects() {
    assertThat(merged("{\"upload\":{\"x\":[1],\"y\":2}}", "{\"upload\":{\"x\":{\"$append\":2}}}"))
        .isEqualTo(json("{\"upload\":{\"x\":[1,2],\"y\":2}}"));
  }

  @Test
  void aStoredTokenIsReplacedWholeNotMerged() {
    assertThat(
            merged(
                "{\"oauth2_token\":{\"access_token\":\"old\",\"refresh_token\":\"r\"}}",
                "{\"oauth2_token\":{\"access_token\":\"new\"}}"))
        .isEqualTo(json("{\"oauth2_token\":{\"access_token\":\"new\"}}"));
  }

  @Test
  void theMergedResultSharesNoNodesWithTheUpdate() {
    ObjectNode into = (ObjectNode) json("{}");
    ObjectNode update = (ObjectNode) json("{\"a\":{\"b\":[1]}}");
    ConfigMerge.merge(into, update, "test");

    ((ObjectNode) into.get("a")).putArray("b").add(9);

    assertThat(update).isEqualTo(json("{\"a\":{\"b\":[1]}}"));
  }

  @Test
  void operatorsInLaterFilesApplyToTheListFromEarlierFiles() {
    ConfigFixture fx = new ConfigFixture(tmp);
    Path extra = tmp.resolve("extra.json");
    write(fx.siteFile(), "{\"x\":[\"y\",\"z\"],\"w\":[1,2,3]}");
    write(
        fx.defaultUserFile(), "{\"x\":{\"$extend\":[\"a\",\"b\"]},\"w\":{\"$insert\":{\"-1\":0}}}");
    write(extra, "{\"x\":{\"$remove\":\"y\"},\"w\":{\"$extendleft\":[8,9]}}");
    fx.extraFiles(extra);

    HcaConfig config = fx.load();

    assertThat(config.get("x")).contains(json("[\"z\",\"a\",\"b\"]"));
    assertThat(config.get("w")).contains(json("[8,9,1,2,0,3]"));
  }

  @Test
  void appendFromTheCommandLineAppliesToTheFileList() {
    ConfigFixture fx = new ConfigFixture(tmp);
    write(fx.defaultUserFile(), "{\"x\":[1]}");

    HcaConfig config = fx.load(Map.of("x", json("{\"$append\":2}")));

    assertThat(config.get("x")).contains(json("[1,2]"));
  }
}
