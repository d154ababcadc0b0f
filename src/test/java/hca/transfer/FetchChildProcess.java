package hca.transfer;

import hca.dss.DssHttp;
import java.nio.file.Path;

/**
 * A fetch in a process of its own, for tests that kill it: it prints {@code receiving} once the
 * first bytes are in its part file, then stops there until it is killed.
 *
 * <p>Arguments: API base URL, download dir, file uuid, file version, sha256, size.
 */
public final class FetchChildProcess {

  private FetchChildProcess() {}

  public static void main(String[] args) {
    TransferListener hang =
        new TransferListener() {
          @Override
          public void bytes(long n) {
            System.out.println("receiving");
            System.out.flush();
            try {
              Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public void finished(FetchRequest r, FetchResult result) {
            System.out.println(result);
          }
        };
    FileFetcher fetcher =
        new FileFetcher(DssHttp.builder().build(), args[0], new FileStore(Path.of(args[1])), FetchLimits.defaults(), hang);
    fetcher.fetch(new FetchRequest(args[2], args[3], "aws", args[4], Long.parseLong(args[5]), null));
  }
}
