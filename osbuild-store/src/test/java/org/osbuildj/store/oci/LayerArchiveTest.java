package org.osbuildj.store.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.host.Host;

/** The layer tar format: round trip, determinism, whiteouts, and hostile layers. */
@Tag("root")
class LayerArchiveTest {
  @TempDir Path dir;

  @BeforeEach
  void needsRoot() {
    Assumptions.assumeTrue(Host.isRoot(), "owners, devices and trusted.* attributes need root");
  }

  @Test
  void aTreeRoundTripsWithOwnersModesTimesXattrsDevicesAndHardLinks() throws Exception {
    Path tree = sampleTree(dir.resolve("tree"));
    byte[] tar = archive(tree, false);
    Path back = Files.createDirectory(dir.resolve("back"));
    LayerExtractor.extract(new ByteArrayInputStream(tar), back, LayerExtractor.Whiteouts.APPLY);

    assertThat(TreeListing.of(back)).isEqualTo(TreeListing.of(tree));
    assertThat(TreeListing.of(back)).anyMatch(l -> l.startsWith("/usr/bin/ping 104755 0:0 "));
  }

  @Test
  void theSameTreeGivesTheSameBytesAndTheMembersAreInNameOrder() throws Exception {
    Path tree = sampleTree(dir.resolve("tree"));
    byte[] first = archive(tree, false);
    Path copy = Files.createDirectory(dir.resolve("copy"));
    LayerExtractor.extract(new ByteArrayInputStream(first), copy, LayerExtractor.Whiteouts.APPLY);

    assertThat(archive(copy, false)).isEqualTo(first);
    assertThat(names(first))
        .containsExactly(
            "./",
            "dev/",
            "dev/null",
            "etc/",
            "etc/hostname",
            "etc/hostname.hard",
            "etc/motd",
            "run/",
            "run/fifo",
            "usr/",
            "usr/bin/",
            "usr/bin/ping",
            "usr/" + "x".repeat(120) + "/",
            "usr/" + "x".repeat(120) + "/caf\u00e9");
  }

  @Test
  void overlayWhiteoutsAndOpaqueDirectoriesBecomeOciWhiteoutsAndBack() throws Exception {
    Path upper = Files.createDirectory(dir.resolve("upper"));
    NativeFiles.mknod(upper.resolve("gone"), LayerArchive.S_IFCHR, 0, 0);
    Path opaque = Files.createDirectory(upper.resolve("opq"));
    NativeFiles.setXattr(opaque, LayerArchive.OPAQUE_XATTR, "y".getBytes(StandardCharsets.UTF_8));
    NativeFiles.setXattr(opaque, "trusted.overlay.origin", new byte[] {1, 2});
    Files.writeString(opaque.resolve("new"), "new\n");

    byte[] tar = archive(upper, true);
    assertThat(names(tar)).containsExactly("./", ".wh.gone", "opq/", "opq/.wh..wh..opq", "opq/new");

    Path asLayer = Files.createDirectory(dir.resolve("layer"));
    LayerExtractor.extract(
        new ByteArrayInputStream(tar), asLayer, LayerExtractor.Whiteouts.AS_OVERLAY);
    Map<String, Object> gone =
        Files.readAttributes(asLayer.resolve("gone"), "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
    assertThat(Integer.toOctalString((Integer) gone.get("mode"))).isEqualTo("20000");
    assertThat(gone.get("rdev")).isEqualTo(0L);
    assertThat(NativeFiles.xattrs(asLayer.resolve("opq")))
        .containsOnlyKeys(LayerArchive.OPAQUE_XATTR);
    assertThat(archive(asLayer, true)).isEqualTo(tar);

    Path merged = Files.createDirectory(dir.resolve("merged"));
    Files.writeString(merged.resolve("gone"), "old\n");
    Files.createDirectory(merged.resolve("opq"));
    Files.writeString(merged.resolve("opq/old"), "old\n");
    Files.writeString(merged.resolve("kept"), "kept\n");
    LayerExtractor.extract(new ByteArrayInputStream(tar), merged, LayerExtractor.Whiteouts.APPLY);
    try (var files = Files.walk(merged)) {
      assertThat(files.map(p -> merged.relativize(p).toString()).sorted().toList())
          .containsExactly("", "kept", "opq", "opq/new");
    }
  }

  @Test
  void aMemberThatClimbsOutOrGoesThroughASymlinkIsRefusedAndWritesNothingOutside()
      throws Exception {
    Path outside = Files.createDirectory(dir.resolve("outside"));
    Path source = Files.createDirectory(dir.resolve("evil"));
    Files.createSymbolicLink(source.resolve("link"), outside);
    byte[] viaLink =
        tar(
            List.of(
                new TarEntry(
                    "link",
                    TarEntry.Type.SYMLINK,
                    0777,
                    0,
                    0,
                    0,
                    0,
                    0,
                    outside.toString(),
                    0,
                    0,
                    null),
                new TarEntry(
                    "link/marker", TarEntry.Type.FILE, 0644, 0, 0, 0, 0, 0, "", 0, 0, null)));
    byte[] climbing =
        tar(
            List.of(
                new TarEntry(
                    "a/../../outside/marker",
                    TarEntry.Type.FILE,
                    0644,
                    0,
                    0,
                    0,
                    0,
                    0,
                    "",
                    0,
                    0,
                    null)));
    byte[] hardlinkOut =
        tar(
            List.of(
                new TarEntry(
                    "h", TarEntry.Type.HARDLINK, 0644, 0, 0, 0, 0, 0, "../outside/x", 0, 0, null)));

    for (byte[] hostile : List.of(viaLink, climbing, hardlinkOut)) {
      Path target = Files.createTempDirectory(dir, "target");
      assertThatThrownBy(
              () ->
                  LayerExtractor.extract(
                      new ByteArrayInputStream(hostile), target, LayerExtractor.Whiteouts.APPLY))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("layer member");
    }
    try (var files = Files.list(outside)) {
      assertThat(files.toList()).isEmpty();
    }
  }

  @Test
  void aBlobIsTheZstdCompressedTarAndItsDiffIdIsCheckedWhenExtracted() throws Exception {
    Path tree = sampleTree(dir.resolve("tree"));
    LayerBlob blob = LayerBlob.write(tree, false, dir.resolve("blob"));
    assertThat(blob.size()).isEqualTo(Files.size(dir.resolve("blob")));
    assertThat(blob.digest())
        .isEqualTo(
            "sha256:" + org.osbuildj.core.json.Sha256.hex(Files.readAllBytes(dir.resolve("blob"))));
    assertThat(blob.diffId())
        .isEqualTo("sha256:" + org.osbuildj.core.json.Sha256.hex(archive(tree, false)));
    assertThat(LayerBlob.write(tree, false, dir.resolve("again"))).isEqualTo(blob);
    assertThat(blob.mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
    assertThat(java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("blob")), 4))
        .as("zstd's frame magic")
        .containsExactly(0x28, 0xB5, 0x2F, 0xFD);

    Path back = Files.createDirectory(dir.resolve("back"));
    blob.extract(dir.resolve("blob"), back, LayerExtractor.Whiteouts.APPLY);
    assertThat(TreeListing.of(back)).isEqualTo(TreeListing.of(tree));

    LayerBlob lying =
        new LayerBlob(blob.digest(), blob.size(), "sha256:" + "0".repeat(64), blob.compression());
    Path other = Files.createDirectory(dir.resolve("other"));
    assertThatThrownBy(
            () -> lying.extract(dir.resolve("blob"), other, LayerExtractor.Whiteouts.APPLY))
        .hasMessageContaining("holds a tar whose digest is " + blob.diffId());
  }

  /** Trees pushed before layers were zstd: gzip blobs, and cache files without a media type. */
  @Test
  void aGzipLayerWrittenBeforeIsStillReadAndItsCacheFileToo() throws Exception {
    Path tree = sampleTree(dir.resolve("tree"));
    byte[] tar = archive(tree, false);
    Path gzipped = dir.resolve("blob.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipped))) {
      out.write(tar);
    }
    LayerBlob old =
        new LayerBlob(
            "sha256:" + org.osbuildj.core.json.Sha256.hex(Files.readAllBytes(gzipped)),
            Files.size(gzipped),
            "sha256:" + org.osbuildj.core.json.Sha256.hex(tar),
            LayerCompression.GZIP);
    Path back = Files.createDirectory(dir.resolve("back"));
    old.extract(gzipped, back, LayerExtractor.Whiteouts.APPLY);
    assertThat(TreeListing.of(back)).isEqualTo(TreeListing.of(tree));

    Path objectDir = Files.createDirectory(dir.resolve("object"));
    Files.writeString(
        objectDir.resolve(LayerBlob.CACHE_FILE),
        "{\"digest\": \""
            + old.digest()
            + "\", \"size\": "
            + old.size()
            + ", \"diff_id\": \""
            + old.diffId()
            + "\"}");
    assertThat(LayerBlob.cached(objectDir)).contains(old);
    Files.writeString(objectDir.resolve(LayerBlob.CACHE_FILE), old.toJson());
    assertThat(LayerBlob.cached(objectDir)).contains(old);
  }

  @Test
  void aTruncatedTarIsAnError() throws Exception {
    byte[] tar = archive(sampleTree(dir.resolve("tree")), false);
    byte[] cut = java.util.Arrays.copyOf(tar, 1536 + 100);
    Path target = Files.createDirectory(dir.resolve("cut"));
    assertThatThrownBy(
            () ->
                LayerExtractor.extract(
                    new ByteArrayInputStream(cut), target, LayerExtractor.Whiteouts.APPLY))
        .isInstanceOf(IOException.class);
  }

  private static byte[] tar(List<TarEntry> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarWriter writer = new TarWriter(out)) {
      for (TarEntry e : entries) writer.write(e, new ByteArrayInputStream(new byte[0]));
    }
    return out.toByteArray();
  }

  static byte[] archive(Path tree, boolean overlay) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LayerArchive.write(tree, overlay, out);
    return out.toByteArray();
  }

  static List<String> names(byte[] tar) throws IOException {
    TarReader reader = new TarReader(new ByteArrayInputStream(tar));
    List<String> names = new ArrayList<>();
    for (TarEntry e = reader.next(); e != null; e = reader.next()) names.add(e.name());
    return names;
  }

  /** Every kind of entry a system tree has. */
  static Path sampleTree(Path root) throws IOException {
    Files.createDirectories(root.resolve("etc"));
    Files.writeString(root.resolve("etc/hostname"), "demo\n");
    Files.createLink(root.resolve("etc/hostname.hard"), root.resolve("etc/hostname"));
    Files.createSymbolicLink(root.resolve("etc/motd"), Path.of("../run/motd"));
    Files.createDirectories(root.resolve("usr/bin"));
    Path ping = Files.write(root.resolve("usr/bin/ping"), new byte[] {0x7f, 'E', 'L', 'F', 0, 1});
    Files.setAttribute(ping, "unix:mode", 04755);
    NativeFiles.setXattr(
        ping,
        "security.capability",
        new byte[] {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    NativeFiles.setXattr(ping, "user.note", "x".getBytes(StandardCharsets.UTF_8));
    Path deep = Files.createDirectories(root.resolve("usr/" + "x".repeat(120)));
    Path cafe = Files.writeString(deep.resolve("caf\u00e9"), "caf\u00e9\n");
    Files.setAttribute(cafe, "unix:uid", 1000);
    Files.setAttribute(cafe, "unix:gid", 1001);
    Files.setAttribute(cafe, "unix:mode", 0600);
    Files.createDirectory(root.resolve("dev"));
    NativeFiles.mknod(root.resolve("dev/null"), LayerArchive.S_IFCHR | 0666, 1, 3);
    Files.createDirectory(root.resolve("run"));
    NativeFiles.mknod(root.resolve("run/fifo"), LayerArchive.S_IFIFO | 0600, 0, 0);
    Files.setAttribute(root.resolve("run"), "unix:mode", 0700);
    // Times last, deepest first, with nanoseconds.
    long t = 1_700_000_000L;
    List<Path> all;
    try (var walk = Files.walk(root)) {
      all = walk.sorted(java.util.Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      NativeFiles.setMtime(p, t++, 123_456_789);
    }
    Files.setLastModifiedTime(
        root.resolve("etc/hostname"), FileTime.from(Instant.ofEpochSecond(5)));
    return root;
  }
}
