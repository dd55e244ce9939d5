package io.kerasj.loader;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The check every file kerasj reads passes first (models, weights, configs, test vectors,
 * {@code .npy}/{@code .npz} arrays, and the CLI's inputs): it must be a regular file once symbolic
 * links are followed. Opening a named pipe blocks until another process writes to it, and a device
 * such as {@code /dev/zero} never ends, so both are refused by name before anything is opened.
 */
public final class InputFiles {
  private InputFiles() {}

  /**
   * Checks that {@code file} is a readable regular file, following symbolic links.
   *
   * @param what what the file is, for the message (e.g. {@code "model"}, {@code "input"})
   * @return the file's size in bytes
   * @throws NoSuchFileException if it does not exist (or is a symbolic link to nothing)
   * @throws AccessDeniedException if it cannot be read
   * @throws FileSystemException if it is a directory, a named pipe, a device or a socket, or its
   *     symbolic links cannot be resolved (a loop)
   */
  public static long requireRegularFile(Path file, String what) throws IOException {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      if (Files.isSymbolicLink(file)) {
        throw new NoSuchFileException(file.toString(), null, what + " is a symbolic link to "
            + Files.readSymbolicLink(file) + ", which does not exist");
      }
      throw new NoSuchFileException(file.toString(), null, what + " file not found");
    } catch (AccessDeniedException e) {
      throw new AccessDeniedException(file.toString(), null, what + " file cannot be reached (permission denied)");
    } catch (FileSystemException e) {
      // The JDK reports ELOOP (from any component of the path) as a plain FileSystemException whose
      // reason mentions symbolic links; other errors (ENOTDIR, ENAMETOOLONG) keep the system's words.
      String reason = String.valueOf(e.getReason());
      throw new FileSystemException(file.toString(), null, what + " cannot be resolved" + (reason.contains("symbolic link")
          ? ": a loop of symbolic links, or more of them in a row than the system follows" : " (" + reason + ")"));
    }
    if (a.isDirectory()) {
      throw new FileSystemException(file.toString(), null, what + " is a directory, expected a file");
    }
    if (!a.isRegularFile()) {
      throw new FileSystemException(file.toString(), null, what + " is " + kind(file)
          + ", not a regular file; kerasj reads only regular files (a pipe or device could block or never end)");
    }
    if (!Files.isReadable(file)) {
      throw new AccessDeniedException(file.toString(), null, what + " file is not readable");
    }
    return a.size();
  }

  /** What a non-regular file is, from its Unix mode where the platform gives one. */
  private static String kind(Path file) {
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode");
      switch (mode & 0170000) {
        case 0010000:
          return "a named pipe (FIFO)";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        case 0140000:
          return "a socket";
        default:
          break;
      }
    } catch (IOException | RuntimeException e) {
      // No Unix attributes here: fall through to the generic description.
    }
    return "a special file";
  }
}
