package hca.pipeline;

import hca.config.ConfigEnvironment;
import hca.config.HcaConfig;
import hca.dss.DssClient;
import hca.transfer.DownloadSummary;
import java.nio.file.Path;
import java.util.Map;

/**
 * A program that uses the library as a caller would, in a JVM of its own: downloads a bundle with
 * {@link Downloads#bundle} and prints its summary line on stdout; whatever the library logs goes
 * to stderr.
 *
 * <p>Arguments: API base URL, config home, download dir, bundle uuid, manifest.
 */
public final class LibraryDownloadChild {

  private LibraryDownloadChild() {}

  public static void main(String[] args) {
    Path home = Path.of(args[1]);
    HcaConfig config = HcaConfig.load(new ConfigEnvironment(Map.of(), home, home.resolve("etc")), Map.of());
    DssClient dss = DssClient.builder().config(config).baseUrl(args[0]).build();
    DownloadSummary s = Downloads.bundle(dss, args[3], "aws", Path.of(args[2]));
    System.out.println(s.line());
    DownloadSummary m = Downloads.manifest(dss, Path.of(args[4]), "aws", false, Path.of(args[2]));
    System.out.println(m.line());
  }
}
