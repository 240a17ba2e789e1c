package org.osbuildj.core.assemblers;

import java.util.Objects;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Assembler;
import org.osbuildj.core.pipeline.AssemblerSource;

/**
 * Typed helpers for the built-in assemblers. Like {@code Stages}, they only produce a name and JSON
 * options, so an assembler made here equals the same one read from a manifest:
 *
 * <pre>{@code
 * Pipeline os = Pipeline.builder()
 *     .stage(Stages.hostname("demo"))
 *     .assembler(Assemblers.tar("root.tar.zst").compression(TarCompression.ZSTD))
 *     .build();
 * }</pre>
 */
public final class Assemblers {
  private Assemblers() {}

  /** {@code org.osbuild.noop}: writes no files. */
  public static Assembler noop() {
    return Assembler.of(NoopAssembler.NAME);
  }

  /** {@code org.osbuild.tar} writing {@code filename}, uncompressed unless told otherwise. */
  public static Tar tar(String filename) {
    return new Tar(Objects.requireNonNull(filename, "filename"), TarCompression.NONE);
  }

  /**
   * The options of a tar assembler, as an immutable value. Uncompressed is the default and is left
   * out of the options, so {@code tar("a.tar")} and {@code tar("a.tar").compression(NONE)} are the
   * same assembler with the same id.
   */
  public record Tar(String filename, TarCompression compression) implements AssemblerSource {
    public Tar {
      Objects.requireNonNull(filename, "filename");
      Objects.requireNonNull(compression, "compression");
    }

    public Tar compression(TarCompression newCompression) {
      return new Tar(filename, newCompression);
    }

    /** The compression by its option value: {@code "none"}, {@code "gzip"}, {@code "xz"} or {@code "zstd"}. */
    public Tar compression(String optionValue) {
      return compression(TarCompression.fromOptionValue(optionValue));
    }

    @Override
    public Assembler toAssembler() {
      var options = Json.object().put("filename", filename);
      if (compression != TarCompression.NONE) {
        options.put("compression", compression.optionValue());
      }
      return Assembler.of(TarAssembler.NAME, options);
    }
  }
}
