package org.osbuildj.core.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A manifest's bytes as text: read only from a regular file or a stream, at most {@link
 * Manifest#MAX_BYTES} of them, and decoded as strict UTF-8, so that a device, a huge file or a
 * malformed byte is refused with a message saying which, rather than exhausting memory or turning
 * into replacement characters that would change the stages' ids.
 */
final class ManifestText {
  private ManifestText() {}

  static String read(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    if (!attributes.isRegularFile()) {
      throw new FileSystemException(
          file.toString(),
          null,
          "not a regular file but "
              + (attributes.isDirectory() ? "a directory" : "a device, FIFO or socket")
              + "; give a manifest file, or - for standard input");
    }
    if (attributes.size() > Manifest.MAX_BYTES) {
      throw tooLarge(attributes.size() + " bytes");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    }
  }

  static String read(InputStream in) throws IOException {
    // One byte more than allowed tells a stream that is too long from one that just fits.
    byte[] bytes = in.readNBytes(Math.toIntExact(Manifest.MAX_BYTES + 1));
    if (bytes.length > Manifest.MAX_BYTES) {
      throw tooLarge("more than " + Manifest.MAX_BYTES + " bytes");
    }
    return decode(bytes);
  }

  private static InvalidManifestException tooLarge(String size) {
    return new InvalidManifestException(
        ".",
        "the manifest is "
            + size
            + " long; at most "
            + (Manifest.MAX_BYTES >> 20)
            + " MiB is read (a manifest names its files as sources, it does not hold them)");
  }

  /** The bytes as UTF-8 text, or the offset of the first byte that is not UTF-8. */
  static String decode(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      throw new InvalidManifestException(".", "not valid UTF-8: " + where(bytes, offset));
    }
    return out.flip().toString();
  }

  private static String where(byte[] bytes, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return String.format(
        "byte 0x%02x at byte offset %d (line %d, byte %d of the line)",
        bytes[offset] & 0xff, offset, line, offset - lineStart + 1);
  }
}
