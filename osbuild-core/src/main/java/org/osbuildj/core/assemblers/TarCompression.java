package org.osbuildj.core.assemblers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.host.HostTool;

/**
 * How the tar assembler compresses its archive. Each compressor runs with fixed settings, so the
 * same tree gives the same bytes on every machine: gzip without the name and time of the input, xz
 * and zstd single-threaded (their multi-threaded output differs from the single-threaded one, and
 * xz's depends on the block layout) at a fixed level.
 */
public enum TarCompression {
  NONE("none", List.of(), null),
  GZIP("gzip", List.of("gzip", "-n", "-6"), "gzip"),
  XZ("xz", List.of("xz", "-T1", "-6"), "xz-utils"),
  ZSTD("zstd", List.of("zstd", "-T1", "-3", "-q"), "zstd"),
  // The osbuild seed's other three; none of them stores a time or a name.
  BZIP2("bzip2", List.of("bzip2", "-9"), "bzip2"),
  LZIP("lzip", List.of("lzip", "-6"), "lzip"),
  LZMA("lzma", List.of("xz", "--format=lzma", "-6"), "xz-utils");

  private final String optionValue;
  private final List<String> compressor;
  private final String debianPackage;

  TarCompression(String optionValue, List<String> compressor, String debianPackage) {
    this.optionValue = optionValue;
    this.compressor = compressor;
    this.debianPackage = debianPackage;
  }

  /** The compressor program and its package; empty for none. */
  Optional<HostTool> tool() {
    return compressor.isEmpty()
        ? Optional.empty()
        : Optional.of(HostTool.of(compressor.get(0), debianPackage));
  }

  /** The value of the assembler's {@code compression} option: {@code none}, {@code gzip}, ... */
  public String optionValue() {
    return optionValue;
  }

  /**
   * The compressor's command line as tar's {@code --use-compress-program} takes it; empty for none.
   */
  Optional<String> compressProgram() {
    return compressor.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", compressor));
  }

  /** The compression named by an option value, as the schema allows them. */
  public static TarCompression fromOptionValue(String value) {
    return Arrays.stream(values())
        .filter(c -> c.optionValue.equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown tar compression '"
                        + value
                        + "'; expected one of none, gzip, xz, zstd"));
  }
}
