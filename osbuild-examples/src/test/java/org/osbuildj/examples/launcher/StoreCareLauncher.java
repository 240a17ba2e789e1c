package org.osbuildj.examples.launcher;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the launcher for the store's tests: builds with a libdir stage, and store commands. */
final class StoreCareLauncher {
  private final Path dir;
  private final List<String> isolation;

  /** In {@code dir}; {@code isolation} is what builds are given ({@code --isolation host}). */
  StoreCareLauncher(Path dir, List<String> isolation) {
    this.dir = dir;
    this.isolation = List.copyOf(isolation);
  }

  record Run(int status, String stdout, String stderr) {}

  Run osbuild(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            args);
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run build(Path manifest, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--store",
                store().toString(),
                "-l",
                dir.resolve("lib").toString(),
                "-o",
                dir.resolve("out").toString()));
    args.addAll(isolation);
    args.addAll(List.of(extra));
    args.add(manifest.toString());
    return osbuild(args.toArray(String[]::new));
  }

  Run store(String... args) {
    List<String> all = new ArrayList<>(List.of("store"));
    all.addAll(List.of(args));
    all.addAll(List.of("--store", store().toString()));
    return osbuild(all.toArray(String[]::new));
  }

  Path store() {
    return dir.resolve("store");
  }

  /**
   * A libdir stage {@code org.example.write} that writes {@code bytes} random bytes to the file
   * {@code name} in the tree, and a manifest of one such stage per entry of {@code files} (name,
   * bytes, name, bytes...).
   */
  Path writingManifest(Object... files) throws Exception {
    Path stage = Files.createDirectories(dir.resolve("lib/stages")).resolve("org.example.write");
    Files.writeString(
        stage,
        """
        #!/bin/sh
        set -e
        input=$(cat)
        tree=$(printf '%s' "$input" | sed -n 's/.*"tree" *: *"\\([^"]*\\)".*/\\1/p')
        name=$(printf '%s' "$input" | sed -n 's/.*"name" *: *"\\([^"]*\\)".*/\\1/p')
        bytes=$(printf '%s' "$input" | sed -n 's/.*"bytes" *: *\\([0-9]*\\).*/\\1/p')
        head -c "$bytes" /dev/urandom > "$tree/$name"
        echo "wrote $bytes bytes to $name"
        """);
    // Readable by all: the namespace isolation runs it as another user.
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
    StringBuilder stages = new StringBuilder();
    for (int i = 0; i < files.length; i += 2) {
      if (i > 0) stages.append(",\n");
      stages.append(
          String.format(
              "{\"name\": \"org.example.write\", \"options\": {\"name\": \"%s\", \"bytes\": %s}}",
              files[i], files[i + 1]));
    }
    Path manifest = dir.resolve("manifest.json");
    Files.writeString(manifest, "{\"stages\": [\n" + stages + "\n]}\n");
    return manifest;
  }
}
