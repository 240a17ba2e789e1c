package org.osbuildj.examples.debian;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A hash of the compiled classes and resources a class comes from (a directory or a jar, whose
 * entries are hashed, not its bytes, since jars carry the time they were packed). Tree ids depend
 * on stage names and options only, so a test store kept between runs would hand out trees built by
 * older stage code; salting the tests' pipelines with this makes changed code build afresh.
 */
public final class CodeFingerprint {
  private CodeFingerprint() {}

  public static String of(Class<?> type) throws Exception {
    Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
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
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    for (var entry : entries.entrySet()) {
      digest.update((entry.getKey() + "\0" + entry.getValue().length + "\0").getBytes());
      digest.update(entry.getValue());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
