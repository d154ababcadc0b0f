package hca.transfer;

/** A file name from a server or a manifest that could land outside its destination folder. */
public final class UnsafeNameException extends IllegalArgumentException {

  public UnsafeNameException(String message) {
    super(message);
  }
}
