package org.osbuildj.core.manifest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.source.Checksum;
import org.osbuildj.core.source.Sources;

/**
 * A manifest of osbuild's version 1: one pipeline and the sources its stages read, in one of the
 * two forms osbuild wrote. The seed's plain form is the pipeline itself:
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
 * <p>osbuild's later releases of version 1 wrap it, and add sources and runners:
 *
 * <pre>{@code
 * {
 *   "pipeline": {
 *     "build": {"pipeline": { ...a pipeline... }, "runner": "org.osbuild.fedora30"},
 *     "stages": [...], "assembler": {...}
 *   },
 *   "sources": {"org.osbuild.files": {"urls": {"sha256:<hex>": "https://..."}}}
 * }
 * }</pre>
 *
 * Both read to the same {@link Pipeline}, with the same ids. Unknown keys, wrong types and missing
 * fields are errors naming their JSON path.
 *
 * <pre>{@code
 * Manifest manifest = Manifest.load(Path.of("image.json"));
 * osbuild.build(manifest, outputDir);
 * }</pre>
 */
public final class Manifest {

  /** The two forms of a version-1 manifest. */
  public enum Form {
    /** The seed's: the document is the pipeline, whose build is a pipeline too. */
    PLAIN,
    /**
     * The later releases': {@code {"pipeline": ..., "sources": ...}}, a build being {@code
     * {"pipeline": ..., "runner": ...}}.
     */
    WRAPPED;

    /** The JSON path of the manifest's pipeline. */
    public String pipelinePath() {
      return this == PLAIN ? "" : ".pipeline";
    }

    /** The JSON path of the build pipeline of the pipeline at {@code pipelinePath}. */
    public String buildPath(String pipelinePath) {
      return pipelinePath + (this == PLAIN ? ".build" : ".build.pipeline");
    }

    /** The JSON path of a file's entry in a source of files fetched from URLs. */
    public String sourceFilePath(String type, Checksum checksum) {
      return ".sources." + type + ".urls." + checksum;
    }
  }

  /**
   * The most bytes a manifest may have (64 MiB), from a file or a stream: a manifest names the
   * files it needs as sources, it does not hold them, and a device such as {@code /dev/zero} must
   * not fill the memory.
   */
  public static final long MAX_BYTES = 64L << 20;

  private final Form form;
  private final Pipeline pipeline;
  private final Sources sources;

  private Manifest(Form form, Pipeline pipeline, Sources sources) {
    this.form = Objects.requireNonNull(form, "form");
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.sources = Objects.requireNonNull(sources, "sources");
    if (form == Form.PLAIN && !sources.isEmpty()) {
      throw new IllegalArgumentException("the plain form has no sources: use the wrapped form");
    }
    if (form == Form.PLAIN && pipeline.namesARunner()) {
      throw new IllegalArgumentException("the plain form names no runner: use the wrapped form");
    }
  }

  /** The pipeline without sources, in the plain form unless it names a runner. */
  public static Manifest of(Pipeline pipeline) {
    return of(pipeline, Sources.none());
  }

  /** The pipeline and its sources, in the plain form when that can hold them. */
  public static Manifest of(Pipeline pipeline, Sources sources) {
    boolean plain = sources.isEmpty() && !pipeline.namesARunner();
    return new Manifest(plain ? Form.PLAIN : Form.WRAPPED, pipeline, sources);
  }

  /** The pipeline and its sources in the wrapped form. */
  public static Manifest wrapped(Pipeline pipeline, Sources sources) {
    return new Manifest(Form.WRAPPED, pipeline, sources);
  }

  /** Reads a manifest in either form from JSON text. */
  public static Manifest load(String json) {
    return new ManifestReader().read(json);
  }

  /**
   * Reads a manifest file: a regular file (a directory, device or FIFO is refused with a {@link
   * java.nio.file.FileSystemException}) of at most {@link #MAX_BYTES} bytes of UTF-8.
   *
   * @throws InvalidManifestException naming the file, and the JSON path of each problem or the byte
   *     offset of the first byte that is not UTF-8
   */
  public static Manifest load(Path file) throws IOException {
    try {
      return load(ManifestText.read(file));
    } catch (InvalidManifestException e) {
      throw e.in(file.toString());
    }
  }

  /** Reads a manifest from a stream, at most {@link #MAX_BYTES} bytes of UTF-8. */
  public static Manifest load(InputStream in) throws IOException {
    return load(ManifestText.read(in));
  }

  /**
   * Reads the pipeline of a manifest without sources, in either form.
   *
   * @throws InvalidManifestException when it is invalid, or names sources: those would be lost
   *     here; {@link #load} keeps them
   */
  public static Pipeline read(String json) {
    Manifest manifest = load(json);
    if (!manifest.sources().isEmpty()) {
      throw new InvalidManifestException(
          ".sources",
          "this manifest has sources, which a pipeline alone does not hold: read it with"
              + " Manifest.load, and build the Manifest");
    }
    return manifest.pipeline();
  }

  public static Pipeline read(Path file) throws IOException {
    try {
      return read(ManifestText.read(file));
    } catch (InvalidManifestException e) {
      throw e.in(file.toString());
    }
  }

  public static Pipeline read(InputStream in) throws IOException {
    return read(ManifestText.read(in));
  }

  /** The pipeline's manifest as pretty-printed JSON text (see {@link #of(Pipeline)}). */
  public static String write(Pipeline pipeline) {
    return of(pipeline).text();
  }

  public static void write(Pipeline pipeline, Path file) {
    of(pipeline).writeTo(file);
  }

  public Form form() {
    return form;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /** The sources; empty for the plain form. */
  public Sources sources() {
    return sources;
  }

  /** The manifest as JSON, in its form. */
  public ObjectNode toJson() {
    return ManifestWriter.toJson(this);
  }

  /** The manifest as pretty-printed JSON text, in its form. */
  public String text() {
    return Json.pretty(toJson());
  }

  public void writeTo(Path file) {
    try {
      Files.writeString(file, text(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Manifest m
        && form == m.form
        && pipeline.equals(m.pipeline)
        && sources.equals(m.sources);
  }

  @Override
  public int hashCode() {
    return Objects.hash(form, pipeline, sources);
  }

  @Override
  public String toString() {
    return "Manifest[" + form + ", " + pipeline + ", sources=" + sources.byType().keySet() + "]";
  }
}
