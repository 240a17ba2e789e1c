package org.osbuildj.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Pipeline;

/**
 * Reads and writes manifests in the osbuild seed's pipeline format:
 *
 * <pre>{@code
 * {
 *   "build": { ...a pipeline... },            optional: the build root's pipeline
 *   "base": "<tree id>",                       optional: start from a stored tree
 *   "stages": [ {"name": "...", "options": {...}} ],
 *   "assembler": {"name": "...", "options": {...}}   optional
 * }
 * }</pre>
 *
 * Unknown keys, wrong types and missing fields are errors naming their JSON path.
 */
public final class Manifest {
  private Manifest() {}

  /** Reads a manifest from JSON text. */
  public static Pipeline read(String json) {
    return new ManifestReader().read(json);
  }

  public static Pipeline read(Path file) throws IOException {
    return read(Files.readString(file, StandardCharsets.UTF_8));
  }

  public static Pipeline read(InputStream in) throws IOException {
    return read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }

  /** The manifest as pretty-printed JSON text. */
  public static String write(Pipeline pipeline) {
    return Json.pretty(ManifestWriter.toJson(pipeline));
  }

  public static void write(Pipeline pipeline, Path file) {
    try {
      Files.writeString(file, write(pipeline), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
