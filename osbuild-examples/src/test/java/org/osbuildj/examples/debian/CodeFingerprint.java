package org.osbuildj.examples.debian;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A hash of compiled code: the classes and resources of class-path entries (directories, or jars,
 * whose entries are hashed, not their bytes, since jars carry the time they were packed). Tree ids
 * depend on stage names and options only, so a test store kept between runs would hand out trees
 * built by older code; salting the tests' pipelines with this makes changed code build afresh.
 */
public final class CodeFingerprint {
  private CodeFingerprint() {}

  /** The fingerprint of the class-path entries these classes come from. */
  public static String of(Class<?>... types) throws IOException {
    List<Path> sources = new ArrayList<>();
    for (Class<?> type : types) {
      sources.add(sourceOf(type));
    }
    return of(sources);
  }

  /**
   * The fingerprint of these class-path entries, in this order: every file's path in its entry and
   * its bytes.
   */
  public static String of(List<Path> sources) throws IOException {
    MessageDigest digest = sha256();
    for (Path source : sources) {
      digest.update((source.getFileName() + "\0").getBytes(StandardCharsets.UTF_8));
      for (var entry : entries(source).entrySet()) {
        digest.update(
            (entry.getKey() + "\0" + entry.getValue().length + "\0")
                .getBytes(StandardCharsets.UTF_8));
        digest.update(entry.getValue());
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The class-path entry (a directory of classes, or a jar) a class was loaded from. */
  public static Path sourceOf(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the code source of " + type.getName(), e);
    }
  }

  /** Every file of a directory or jar, by its relative name. */
  public static TreeMap<String, byte[]> entries(Path source) throws IOException {
    TreeMap<String, byte[]> entries = new TreeMap<>();
    if (Files.isDirectory(source)) {
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          entries.put(source.relativize(file).toString(), Files.readAllBytes(file));
        }
      }
    } else {
      try (JarFile jar = new JarFile(source.toFile())) {
        for (var entry : jar.stream().filter(e -> !e.isDirectory()).toList()) {
          try (InputStream in = jar.getInputStream(entry)) {
            entries.put(entry.getName(), in.readAllBytes());
          }
        }
      }
    }
    return entries;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
