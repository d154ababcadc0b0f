package hca.transfer;

/**
 * How fetching one file ended.
 *
 * @param status what happened
 * @param bytesTransferred body bytes received for this file in this call
 * @param attempts GET requests made for this file (each may include the HTTP client's own retries
 *     and redirects); 0 when no request was needed
 * @param error one line saying what went wrong, or null when {@link #ok()}
 */
public record FetchResult(Status status, long bytesTransferred, int attempts, String error) {

  /** What happened to one file. */
  public enum Status {
    /** Downloaded (or completed from a partial download), verified and stored. */
    FETCHED,
    /** Already in the store; nothing was requested. */
    PRESENT,
    /** The bytes did not match the expected sha256, crc32c or size; nothing was stored. */
    CHECKSUM_MISMATCH,
    /** Not fetched: an HTTP error, a retry limit reached, or a local write error. */
    FAILED
  }

  /** Whether the file is now in the store: {@link Status#FETCHED} or {@link Status#PRESENT}. */
  public boolean ok() {
    return status == Status.FETCHED || status == Status.PRESENT;
  }
}
