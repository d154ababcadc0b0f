package hca.transfer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A folder a download would write into is a symbolic link that leads out of the download folder;
 * nothing is written through it.
 */
public final class LinkOutOfFolderException extends IOException {

  public LinkOutOfFolderException(Path link, Path leadsTo) {
    super(link + " is a symbolic link out of the download folder (to " + leadsTo + ")");
  }

  /** The one in {@code e}'s cause chain, or null. */
  public static LinkOutOfFolderException in(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof LinkOutOfFolderException link) {
        return link;
      }
    }
    return null;
  }
}
