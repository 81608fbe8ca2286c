package dev.orbital.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writing secrets (identities, tokens) readable by the owner only. */
public final class SecretFiles {

  private SecretFiles() {}

  /** Writes {@code text} to a new file with mode 0600 (where the file system knows modes). */
  public static void write(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
    Files.write(file, text.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
  }
}
