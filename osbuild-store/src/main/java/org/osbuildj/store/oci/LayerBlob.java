package org.osbuildj.store.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.osbuildj.core.json.Json;

/**
 * A layer as a registry keeps it: the gzip-compressed layer tar, named by the SHA-256 of the
 * compressed bytes ({@code digest}), with the SHA-256 of the tar itself ({@code diffId}, the image
 * config's {@code rootfs.diff_ids}). gzip's header carries no time or name, so the same directory
 * gives the same blob with the same JDK.
 */
public record LayerBlob(String digest, long size, String diffId) {
  public static final String MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  /** The file in an object directory that remembers its layer's blob. */
  public static final String CACHE_FILE = "oci-layer.json";

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
        GZIPOutputStream gzip = fastGzip(counted);
        OutputStream tar =
            new BufferedOutputStream(new DigestOutputStream(gzip, uncompressed), 1 << 16)) {
      LayerArchive.write(directory, overlayLayer, tar);
    }
    return new LayerBlob(hex(compressed), size[0], hex(uncompressed));
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
            new GZIPInputStream(Files.newInputStream(blob), 1 << 16), uncompressed)) {
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
      return Optional.of(
          new LayerBlob(
              node.path("digest").asText(),
              node.path("size").asLong(),
              node.path("diff_id").asText()));
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
    return Json.pretty(node);
  }

  /** Level 1: pushing must not slow the build down; the registry's disk is cheaper. */
  private static GZIPOutputStream fastGzip(OutputStream out) throws IOException {
    return new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(Deflater.BEST_SPEED);
      }
    };
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
