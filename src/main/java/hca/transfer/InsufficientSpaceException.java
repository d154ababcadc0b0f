package hca.transfer;

/** Not enough free space for what is still to be downloaded; nothing was fetched. */
public final class InsufficientSpaceException extends RuntimeException {

  private final long needed;
  private final long free;

  public InsufficientSpaceException(String message, long needed, long free) {
    super(message);
    this.needed = needed;
    this.free = free;
  }

  /** Bytes needed, the margin included. */
  public long needed() {
    return needed;
  }

  /** Bytes free for this user on the file system. */
  public long free() {
    return free;
  }
}
