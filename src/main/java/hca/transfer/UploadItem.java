package hca.transfer;

/**
 * One file of an upload and how far it got: staged (checksummed and copied to the staging bucket),
 * registered (PUT /files answered, copy finished), or failed. Each item is worked on by one thread
 * at a time; its state is read by others (progress, report), hence the volatile fields.
 */
public final class UploadItem {

  /** How far the file got. */
  public enum Status {
    PENDING("pending"),
    STAGED("staged"),
    REGISTERED("registered"),
    FAILED("failed");

    private final String label;

    Status(String label) {
      this.label = label;
    }

    /** The word the report uses. */
    public String label() {
      return label;
    }
  }

  private final SourceFile source;
  private final String fileUuid;
  private final String key;
  private final String contentType;
  private volatile Checksums checksums;
  private volatile String sourceUrl;
  private volatile Status status = Status.PENDING;
  private volatile String error;
  private volatile Throwable cause;

  /**
   * @param source the file
   * @param fileUuid its uuid in the DSS
   * @param key the staging object's key
   */
  public UploadItem(SourceFile source, String fileUuid, String key) {
    this.source = source;
    this.fileUuid = fileUuid;
    this.key = key;
    this.contentType = ContentTypes.of(source.name());
  }

  public SourceFile source() {
    return source;
  }

  public String name() {
    return source.name();
  }

  public String fileUuid() {
    return fileUuid;
  }

  /** The key of the staged object in the staging bucket. */
  public String key() {
    return key;
  }

  public String contentType() {
    return contentType;
  }

  /** The checksums, once computed; else null. */
  public Checksums checksums() {
    return checksums;
  }

  public void checksums(Checksums c) {
    this.checksums = c;
  }

  /** The {@code s3://} or {@code gs://} URL of the staged object, once staged; else null. */
  public String sourceUrl() {
    return sourceUrl;
  }

  public Status status() {
    return status;
  }

  /** What went wrong, for a failed item: {@code <phase>: <message>}. */
  public String error() {
    return error;
  }

  /** The exception that failed the item, or null. */
  public Throwable cause() {
    return cause;
  }

  public void staged(String url) {
    this.sourceUrl = url;
    this.status = Status.STAGED;
  }

  public void registered() {
    this.status = Status.REGISTERED;
  }

  /** Marks the item failed in a phase ({@code staging}, {@code registration}). */
  public void failed(String phase, Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    this.error = phase + ": " + message.replaceAll("\\s+", " ").strip();
    this.cause = e;
    this.status = Status.FAILED;
  }
}
