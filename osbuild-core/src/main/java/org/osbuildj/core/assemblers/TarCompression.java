package org.osbuildj.core.assemblers;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.osbuildj.core.host.HostTool;

/**
 * How the tar assembler compresses its archive. Each compressor runs with fixed settings, so the
 * same tree gives the same bytes on every machine: gzip without the name and time of the input, xz
 * and zstd single-threaded (their multi-threaded output differs from the single-threaded one, and
 * xz's depends on the block layout) at a fixed level.
 *
 * <p>lzop is the exception: it stores the mode and modification time of the file it reads, or the
 * current time when it reads a pipe, and has no option to leave them out. So it does not read tar's
 * stream: tar writes the archive to a scratch file, whose time is set to {@code SOURCE_DATE_EPOCH}
 * (or 0 without one) and mode to 0644, and lzop then reads that file (see {@link
 * #compressesAFile()}).
 */
public enum TarCompression {
  NONE("none", List.of(), null),
  GZIP("gzip", List.of("gzip", "-n", "-6"), "gzip"),
  XZ("xz", List.of("xz", "-T1", "-6"), "xz-utils"),
  ZSTD("zstd", List.of("zstd", "-T1", "-3", "-q"), "zstd"),
  // The osbuild seed's others; none of these three stores a time or a name.
  BZIP2("bzip2", List.of("bzip2", "-9"), "bzip2"),
  LZIP("lzip", List.of("lzip", "-6"), "lzip"),
  LZMA("lzma", List.of("xz", "--format=lzma", "-6"), "xz-utils"),
  // The seed's last: to standard output (-c), no name stored (-n), its default level spelt out.
  LZOP("lzop", List.of("lzop", "-c", "-n", "-3"), "lzop", true);

  private final String optionValue;
  private final List<String> compressor;
  private final String debianPackage;
  private final boolean compressesAFile;

  TarCompression(String optionValue, List<String> compressor, String debianPackage) {
    this(optionValue, compressor, debianPackage, false);
  }

  TarCompression(
      String optionValue, List<String> compressor, String debianPackage, boolean compressesAFile) {
    this.optionValue = optionValue;
    this.compressor = compressor;
    this.debianPackage = debianPackage;
    this.compressesAFile = compressesAFile;
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
   * The compressor's command line as tar's {@code --use-compress-program} takes it; empty for none
   * and for a compressor that must read a finished archive ({@link #compressesAFile()}).
   */
  Optional<String> compressProgram() {
    return compressor.isEmpty() || compressesAFile
        ? Optional.empty()
        : Optional.of(String.join(" ", compressor));
  }

  /**
   * Whether the compressor reads tar's finished archive from a regular file, with its time and mode
   * fixed, rather than tar's stream: for lzop, which stores them.
   */
  boolean compressesAFile() {
    return compressesAFile;
  }

  /** The compressor's command line, reading standard input and writing standard output. */
  List<String> compressor() {
    return compressor;
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
                        + "'; expected one of "
                        + Arrays.stream(values())
                            .map(TarCompression::optionValue)
                            .collect(Collectors.joining(", "))));
  }
}
