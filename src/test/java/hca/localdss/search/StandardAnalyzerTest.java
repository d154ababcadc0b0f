package hca.localdss.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StandardAnalyzerTest {

  @Test
  void splitsAsTheStandardTokenizer() {
    assertThat(StandardAnalyzer.terms("Q4_DEMO-donor_MGH30, R1.fastq.gz 3.5 don't EFO:0009108"))
        .containsExactly(
            "q4_demo", "donor_mgh30", "r1", "fastq.gz", "3.5", "don't", "efo", "0009108");
    assertThat(StandardAnalyzer.terms("Smart-seq2 (full-length)"))
        .containsExactly("smart", "seq2", "full", "length");
    assertThat(StandardAnalyzer.terms("人类 brain")).containsExactly("人", "类", "brain");
    assertThat(StandardAnalyzer.terms("___ _x 1,000.5 a.b. "))
        .containsExactly("_x", "1,000.5", "a.b");
  }

  @Test
  void skipsOverlongTokensLeavingAPositionGap() {
    String text = "a " + "x".repeat(StandardAnalyzer.MAX_TOKEN_LENGTH + 1) + " b";

    StandardAnalyzer.Analysis a = StandardAnalyzer.analyze(text);

    assertThat(a.terms()).containsExactly("a", "b");
    assertThat(a.positions()).containsExactly(0, 2);
  }

  @Test
  void tokenizingFromARestartPointAgreesWithAFullScanAtEveryOffset() {
    String alphabet = "aB9_.:,' -/\u0301\u4e00\u30a2\u00e9\ud801\udc00";
    Random random = new Random(42);
    for (int round = 0; round < 2000; round++) {
      StringBuilder b = new StringBuilder();
      int length = random.nextInt(24);
      while (b.length() < length) {
        int k = random.nextInt(alphabet.length());
        if (Character.isHighSurrogate(alphabet.charAt(k))) {
          b.append(alphabet, k, k + 2);
        } else if (!Character.isLowSurrogate(alphabet.charAt(k))) {
          b.append(alphabet.charAt(k));
        }
      }
      String text = b.toString();
      Map<Integer, Integer> ends = new HashMap<>();
      StandardAnalyzer.scan(text, (start, end, position) -> ends.put(start, end) != null);

      for (int i = 0; i < text.length(); i++) {
        assertThat(StandardAnalyzer.tokenEndAt(text, i))
            .as("token at %d of '%s'", i, text)
            .isEqualTo(ends.getOrDefault(i, -1));
      }
      for (String term : StandardAnalyzer.terms(text)) {
        assertThat(new TermProbe(term).isTokenIn(text)).as("'%s' in '%s'", term, text).isTrue();
      }
    }
  }
}
