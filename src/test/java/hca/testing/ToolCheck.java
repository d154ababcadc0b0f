package hca.testing;

/**
 * A test's outside program is there, or the test fails saying so. {@code ./mvnw verify} installs
 * the programs first ({@code src/test/tools/ensure-tools.sh}), so a missing one is a broken set-up,
 * never a reason to skip.
 */
public final class ToolCheck {

  private ToolCheck() {}

  public static void require(boolean present, String what) {
    if (!present) {
      throw new AssertionError(what + " (src/test/tools/ensure-tools.sh installs the tests' programs)");
    }
  }
}
