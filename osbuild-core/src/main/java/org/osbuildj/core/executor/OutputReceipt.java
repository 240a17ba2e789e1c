package org.osbuildj.core.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osbuildj.core.json.Json;

/**
 * What the last build wrote into an output directory: the assembler id and, per file, the identity
 * the file had right after it was moved there (device, inode, size, modification and change times).
 * A rebuild of the same assembler id whose files all still match needs no copy: a file that was
 * written, truncated, replaced or touched since has another change time, which no user can set
 * back.
 */
final class OutputReceipt {
  static final String FILE_NAME = ".osbuild-java-output.json";
  private static final FileAttribute<Set<PosixFilePermission>> READABLE_BY_ALL =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));
  private static final String[] IDENTITY = {"dev", "ino", "size", "lastModifiedTime", "ctime"};

  private OutputReceipt() {}

  /** The files the receipt lists, when it is for {@code assemblerId} and none has changed since. */
  static Optional<List<Path>> unchanged(Path outputDir, String assemblerId) {
    Path receipt = outputDir.resolve(FILE_NAME);
    try {
      if (!Files.isRegularFile(receipt, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
      JsonNode doc = Json.mapper().readTree(receipt.toFile());
      if (!assemblerId.equals(doc.path("assembler_id").asText())) return Optional.empty();
      List<Path> files = new ArrayList<>();
      for (JsonNode entry : doc.path("files")) {
        Path file = outputDir.resolve(entry.path("name").asText());
        if (!file.getParent().equals(outputDir)
            || !identity(file).equals(entry.path("identity").asText())) {
          return Optional.empty();
        }
        files.add(file);
      }
      return files.isEmpty() ? Optional.empty() : Optional.of(files);
    } catch (IOException | RuntimeException e) {
      // Unreadable or from another version: copy the output again.
      return Optional.empty();
    }
  }

  /**
   * Records {@code files}, just moved into {@code outputDir}, as the output of {@code assemblerId}.
   */
  static void write(Path outputDir, String assemblerId, List<Path> files) throws IOException {
    ObjectNode doc = Json.object();
    doc.put("assembler_id", assemblerId);
    ArrayNode entries = doc.putArray("files");
    for (Path file : files) {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        // Directories change without their own times changing: never trusted, always copied.
        forget(outputDir);
        return;
      }
      entries
          .addObject()
          .put("name", file.getFileName().toString())
          .put("identity", identity(file));
    }
    // A name of its own, made with O_EXCL: a fixed name could be a link planted by whoever may
    // write the output directory, and a root build would write through it. The rename then
    // replaces whatever is at the receipt's name, a link too, and never follows it.
    Path temporary = Files.createTempFile(outputDir, FILE_NAME + ".", ".tmp", READABLE_BY_ALL);
    try {
      Files.writeString(temporary, Json.mapper().writeValueAsString(doc));
      Files.move(
          temporary,
          outputDir.resolve(FILE_NAME),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Removes the receipt, before the files it describes are replaced. */
  static void forget(Path outputDir) throws IOException {
    Files.deleteIfExists(outputDir.resolve(FILE_NAME));
  }

  private static String identity(Path file) throws IOException {
    Map<String, Object> attributes =
        Files.readAttributes(
            file, "unix:dev,ino,size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
    StringBuilder identity = new StringBuilder();
    for (String name : IDENTITY) {
      Object value = attributes.get(name);
      identity
          .append(name)
          .append('=')
          .append(
              value instanceof FileTime time ? time.toInstant().toString() : String.valueOf(value))
          .append(' ');
    }
    return identity.toString().strip();
  }
}
