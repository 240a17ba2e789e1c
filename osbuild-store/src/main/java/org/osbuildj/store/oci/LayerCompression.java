package org.osbuildj.store.oci;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * How a layer tar is compressed, with the OCI media type that says so. Layers are written with
 * zstd; gzip layers (what this project wrote before, and what most images have) are still read.
 */
public enum LayerCompression {
  /** Level 1, single-threaded: the same tar gives the same bytes with the same libzstd. */
  ZSTD("application/vnd.oci.image.layer.v1.tar+zstd") {
    @Override
    OutputStream compress(OutputStream out) throws IOException {
      ZstdOutputStream zstd = new ZstdOutputStream(out, 1);
      // No checksum of its own: the layer's digest and diff id already cover every byte.
      zstd.setChecksum(false);
      return zstd;
    }

    @Override
    InputStream decompress(InputStream in) throws IOException {
      return new ZstdInputStream(in);
    }
  },

  /** Level 1; gzip's header carries no time or name. */
  GZIP("application/vnd.oci.image.layer.v1.tar+gzip") {
    @Override
    OutputStream compress(OutputStream out) throws IOException {
      return new GZIPOutputStream(out, 1 << 16) {
        {
          def.setLevel(Deflater.BEST_SPEED);
        }
      };
    }

    @Override
    InputStream decompress(InputStream in) throws IOException {
      return new GZIPInputStream(in, 1 << 16);
    }
  };

  private final String mediaType;

  LayerCompression(String mediaType) {
    this.mediaType = mediaType;
  }

  public String mediaType() {
    return mediaType;
  }

  public static Optional<LayerCompression> ofMediaType(String mediaType) {
    return Arrays.stream(values()).filter(c -> c.mediaType.equals(mediaType)).findFirst();
  }

  abstract OutputStream compress(OutputStream out) throws IOException;

  abstract InputStream decompress(InputStream in) throws IOException;
}
