package org.osbuildj.store.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;

/**
 * A stored tree as an OCI image: a manifest ({@code application/vnd.oci.image.manifest.v1+json})
 * tagged with the tree's id, whose layers are the tree's layers bottom first, each annotated with
 * the stored object it is (id, stage, parent), and whose config is an image config ({@code
 * rootfs.diff_ids}, labels with the tree's id, stage, parent and the store's format) that podman
 * and skopeo take as any image's.
 */
public final class TreeImage {
  public static final String MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";
  public static final String CONFIG_MEDIA_TYPE = "application/vnd.oci.image.config.v1+json";
  public static final String LABEL_PREFIX = "org.osbuildj.";
  static final String LAYER_ID = "org.osbuildj.layer.id";
  static final String LAYER_STAGE = "org.osbuildj.layer.stage";
  static final String LAYER_PARENT = "org.osbuildj.layer.parent";
  static final String LAYER_DIFF_ID = "org.osbuildj.layer.diff-id";

  /** The version of this image layout; a reader refuses another. */
  public static final String FORMAT = "1";

  /** One layer: the stored object it is, and its blob. */
  public record Layer(String id, String stage, Optional<String> parent, LayerBlob blob) {}

  /** A manifest and config ready to push; {@code config} is the config blob's bytes. */
  public record Built(byte[] manifest, byte[] config, String configDigest) {}

  private TreeImage() {}

  /** The manifest and config of the tree that is the top of {@code layers} (bottom first). */
  public static Built build(List<Layer> layers, String snapshots, String architecture) {
    Layer top = layers.get(layers.size() - 1);
    ObjectNode config = Json.object();
    config.put("architecture", architecture);
    config.put("os", "linux");
    ObjectNode labels = config.putObject("config").putObject("Labels");
    labels.put("org.osbuildj.tree.id", top.id());
    labels.put("org.osbuildj.tree.stage", top.stage());
    labels.put("org.osbuildj.tree.parent", top.parent().orElse(""));
    labels.put("org.osbuildj.store.format", FORMAT);
    labels.put("org.osbuildj.store.snapshots", snapshots);
    ObjectNode rootfs = config.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode diffIds = rootfs.putArray("diff_ids");
    ArrayNode history = config.putArray("history");
    for (Layer layer : layers) {
      diffIds.add(layer.blob().diffId());
      history.addObject().put("created_by", "osbuild-java: " + layer.stage() + " " + layer.id());
    }
    byte[] configBytes = Json.pretty(config).getBytes(StandardCharsets.UTF_8);
    String configDigest = "sha256:" + Sha256.hex(configBytes);

    ObjectNode manifest = Json.object();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", MANIFEST_MEDIA_TYPE);
    ObjectNode c = manifest.putObject("config");
    c.put("mediaType", CONFIG_MEDIA_TYPE);
    c.put("digest", configDigest);
    c.put("size", configBytes.length);
    ArrayNode ls = manifest.putArray("layers");
    for (Layer layer : layers) {
      ObjectNode d = ls.addObject();
      d.put("mediaType", layer.blob().mediaType());
      d.put("digest", layer.blob().digest());
      d.put("size", layer.blob().size());
      ObjectNode a = d.putObject("annotations");
      a.put(LAYER_ID, layer.id());
      a.put(LAYER_STAGE, layer.stage());
      a.put(LAYER_PARENT, layer.parent().orElse(""));
      a.put(LAYER_DIFF_ID, layer.blob().diffId());
    }
    manifest.putObject("annotations").put("org.osbuildj.tree.id", top.id());
    return new Built(
        Json.pretty(manifest).getBytes(StandardCharsets.UTF_8), configBytes, configDigest);
  }

  /**
   * Reads a manifest this format wrote for {@code treeId}, checking what a pull relies on.
   *
   * @throws IOException naming what is wrong with it
   */
  public static List<Layer> read(byte[] manifest, String treeId) throws IOException {
    JsonNode node;
    try {
      node = Json.mapper().readTree(manifest);
    } catch (IOException e) {
      throw new IOException("the manifest of " + treeId + " is not JSON");
    }
    if (node == null || !MANIFEST_MEDIA_TYPE.equals(node.path("mediaType").asText())) {
      throw new IOException("the manifest of " + treeId + " is not an OCI image manifest");
    }
    List<Layer> layers = new ArrayList<>();
    for (JsonNode d : node.path("layers")) {
      JsonNode a = d.path("annotations");
      String id = a.path(LAYER_ID).asText("");
      String digest = d.path("digest").asText("");
      String diffId = a.path(LAYER_DIFF_ID).asText("");
      String parent = a.path(LAYER_PARENT).asText("");
      if (!Sha256.isHex(id)
          || !isDigest(digest)
          || !isDigest(diffId)
          || !d.path("size").canConvertToLong()
          || d.path("size").asLong() < 0
          || !(parent.isEmpty() || Sha256.isHex(parent))
          || LayerCompression.ofMediaType(d.path("mediaType").asText()).isEmpty()) {
        throw new IOException(
            "the manifest of " + treeId + " has a layer that osbuild-java did not write: " + d);
      }
      layers.add(
          new Layer(
              id,
              a.path(LAYER_STAGE).asText("unknown"),
              parent.isEmpty() ? Optional.empty() : Optional.of(parent),
              new LayerBlob(
                  digest,
                  d.path("size").asLong(),
                  diffId,
                  LayerCompression.ofMediaType(d.path("mediaType").asText()).orElseThrow())));
    }
    if (layers.isEmpty() || !layers.get(layers.size() - 1).id().equals(treeId)) {
      throw new IOException("the manifest tagged " + treeId + " is of another tree");
    }
    return layers;
  }

  static boolean isDigest(String digest) {
    return digest.startsWith("sha256:") && Sha256.isHex(digest.substring(7));
  }

  /** OCI's name of this machine's architecture. */
  public static String hostArchitecture() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> arch;
    };
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
