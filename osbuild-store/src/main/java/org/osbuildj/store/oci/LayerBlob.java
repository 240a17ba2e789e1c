package org.osbuildj.store.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.osbuildj.core.json.Json;

/**
 * A layer as a registry keeps it: the compressed layer tar, named by the SHA-256 of the compressed
 * bytes ({@code digest}), with the SHA-256 of the tar itself ({@code diffId}, the image config's
 * {@code rootfs.diff_ids}), and how it is compressed. The tar is deterministic and neither
 * compressor stores a time or a name, so the same directory gives the same blob with the same
 * compression library.
 */
public record LayerBlob(String digest, long size, String diffId, LayerCompression compression) {
  /** The file in an object directory that remembers its layer's blob. */
  public static final String CACHE_FILE = "oci-layer.json";

  /** What new layers are written with. */
  public static final LayerCompression WRITTEN_WITH = LayerCompression.ZSTD;

  public String mediaType() {
    return compression.mediaType();
  }

  /** Writes {@code directory} as a compressed layer blob to {@code target}. */
  public static LayerBlob write(Path directory, boolean overlayLayer, Path target)
      throws IOException {
    MessageDigest compressed = sha256();
    MessageDigest uncompressed = sha256();
    long[] size = {0};
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16);
        OutputStream counted =
            new FilterOutputStream(new DigestOutputStream(file, compressed)) {
              @Override
              public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                size[0] += len;
              }

              @Override
              public void write(int b) throws IOException {
                out.write(b);
                size[0]++;
              }
            };
        OutputStream compressing = WRITTEN_WITH.compress(counted);
        OutputStream tar =
            new BufferedOutputStream(new DigestOutputStream(compressing, uncompressed), 1 << 16)) {
      LayerArchive.write(directory, overlayLayer, tar);
    }
    return new LayerBlob(hex(compressed), size[0], hex(uncompressed), WRITTEN_WITH);
  }

  /**
   * Extracts a downloaded (and verified) blob into {@code directory}, checking on the way that the
   * tar inside has this layer's diff id.
   */
  public void extract(Path blob, Path directory, LayerExtractor.Whiteouts whiteouts)
      throws IOException {
    MessageDigest uncompressed = sha256();
    try (InputStream in =
        new DigestInputStream(
            compression.decompress(new BufferedInputStream(Files.newInputStream(blob), 1 << 16)),
            uncompressed)) {
      LayerExtractor.extract(in, directory, whiteouts);
      in.transferTo(OutputStream.nullOutputStream());
    }
    String actual = hex(uncompressed);
    if (!actual.equals(diffId)) {
      throw new IOException(
          "the layer " + digest + " holds a tar whose digest is " + actual + ", not " + diffId);
    }
  }

  /** What an object directory remembers of its layer's blob, if anything. */
  public static Optional<LayerBlob> cached(Path objectDir) {
    try {
      JsonNode node = Json.mapper().readTree(Files.readAllBytes(objectDir.resolve(CACHE_FILE)));
      // Written before layers were zstd: no media type, gzip.
      Optional<LayerCompression> compression =
          LayerCompression.ofMediaType(
              node.path("media_type").asText(LayerCompression.GZIP.mediaType()));
      if (compression.isEmpty()) return Optional.empty();
      return Optional.of(
          new LayerBlob(
              node.path("digest").asText(),
              node.path("size").asLong(),
              node.path("diff_id").asText(),
              compression.get()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public String toJson() {
    ObjectNode node = Json.object();
    node.put("digest", digest);
    node.put("size", size);
    node.put("diff_id", diffId);
    node.put("media_type", compression.mediaType());
    return Json.pretty(node);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(MessageDigest digest) {
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }
}
