package org.osbuildj.core.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.PythonJson;
import org.osbuildj.core.pipelines.PipelineGraph;

/**
 * Manifests of osbuild's format 2, {@code {"version": "2", "pipelines": [...], "sources": {...}}},
 * read into and written from a {@link PipelineGraph}; {@link Manifest} reads format 1.
 *
 * <pre>{@code
 * String text = Files.readString(file);
 * if (ManifestV2.isFormat2(text)) {
 *   PipelineGraph graph = ManifestV2.read(text);
 *   graph.stageIds("os");                  // the ids osbuild computes
 * }
 * }</pre>
 */
public final class ManifestV2 {
  private ManifestV2() {}

  /** Whether the text is a JSON object with {@code "version": "2"}, to be read here. */
  public static boolean isFormat2(String text) {
    return Format2Reader.isFormat2(text);
  }

  /**
   * Reads a format-2 manifest.
   *
   * @throws InvalidManifestException naming the JSON path of every problem
   */
  public static PipelineGraph read(String text) {
    return new Format2Reader().read(text);
  }

  /** Reads a manifest file: at most {@link Manifest#MAX_BYTES} bytes of UTF-8. */
  public static PipelineGraph read(Path file) throws IOException {
    try {
      return read(ManifestText.read(file));
    } catch (InvalidManifestException e) {
      throw e.in(file.toString());
    }
  }

  public static PipelineGraph read(InputStream in) throws IOException {
    return read(ManifestText.read(in));
  }

  /** The text of a manifest file or stream, as {@link #read(Path)} reads it. */
  public static String text(Path file) throws IOException {
    return ManifestText.read(file);
  }

  public static String text(InputStream in) throws IOException {
    return ManifestText.read(in);
  }

  /** The manifest as JSON, read back to an equal graph. */
  public static ObjectNode toJson(PipelineGraph graph) {
    return Format2Writer.toJson(graph);
  }

  /** The manifest as pretty-printed JSON text. */
  public static String write(PipelineGraph graph) {
    return Json.pretty(toJson(graph));
  }

  /**
   * What osbuild's {@code --inspect} prints for the manifest, byte for byte: the manifest with an
   * id on every stage, written as Python's {@code json.dump} writes (one line, ASCII), and a
   * newline.
   *
   * @param hostRunner the runner osbuild picks for this host (see {@link Format2Writer#inspect})
   */
  public static String inspect(PipelineGraph graph, String hostRunner) {
    return PythonJson.writeUnsorted(Format2Writer.inspect(graph, hostRunner)) + "\n";
  }
}
