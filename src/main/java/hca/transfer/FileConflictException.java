package hca.transfer;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * A download would replace a file the user already has with other content; the user's file is
 * left as it is.
 */
public final class FileConflictException extends FileAlreadyExistsException {

  public FileConflictException(Path target, String reason) {
    super(target.toString(), null, reason);
  }
}
