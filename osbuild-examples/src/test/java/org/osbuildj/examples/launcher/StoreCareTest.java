package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store as a user looks after it through the launcher: limits that hold after a build, logs and
 * caches counted, damaged objects healed. Builds run through the host isolation into a copying
 * store in a temporary directory.
 */
class StoreCareTest {
  @TempDir Path dir;

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
                "--isolation",
                "host",
                "--store",
                store().toString(),
                "-l",
                dir.resolve("lib").toString(),
                "-o",
                dir.resolve("out").toString()));
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
    stage.toFile().setExecutable(true);
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

  @Test
  void aCacheMaxSizeBelowTheBuiltTreeHoldsOnceTheBuildHasEnded() throws Exception {
    Path manifest = writingManifest("big", 3_000_000, "a", 10, "b", 10, "c", 10, "d", 10, "e", 10);

    Run run = build(manifest, "--cache-max-size", "2M");

    assertThat(run.status()).as(run.stderr()).isZero();
    Run list = store("list");
    assertThat(list.stdout()).contains("0 trees and images");
  }
}
