package hca.transfer;

import java.nio.file.Path;

/** A manifest that cannot be used at all: the message names the file and what is wrong. */
public final class BadManifestException extends RuntimeException {

  public BadManifestException(Path manifest, String problem) {
    super(manifest + ": " + problem);
  }

  public BadManifestException(Path manifest, String problem, Throwable cause) {
    super(manifest + ": " + problem, cause);
  }
}
