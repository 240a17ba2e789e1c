package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.store.TestIds.id;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.host.Host;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.store.object.StoredObject;

/** An assembler's output kept in the store and copied out again, in both snapshot modes. */
class KeptOutputTest {
  private static final long SPARSE_SIZE = 256L << 20;

  @TempDir Path dir;

  @Test
  void aKeptOutputIsCopiedOutWholeAndSparseInCopyMode() throws Exception {
    keptOutputRoundTrip(SnapshotMode.COPY);
  }

  @Test
  @Tag("root")
  void aKeptOutputIsCopiedOutWholeAndSparseInOverlayMode() throws Exception {
    Assumptions.assumeTrue(Host.isRoot(), "the overlay store needs root (run the build as root)");
    Assumptions.assumeTrue(
        Host.kernelHasFilesystem("overlay"), "the overlay store needs overlayfs in the kernel");
    keptOutputRoundTrip(SnapshotMode.OVERLAY);
  }

  private void keptOutputRoundTrip(SnapshotMode mode) throws Exception {
    Path output = Files.createDirectories(dir.resolve("output"));
    Files.writeString(output.resolve("manifest.txt"), "image of tree\n");
    try (RandomAccessFile disk = new RandomAccessFile(output.resolve("disk.raw").toFile(), "rw")) {
      disk.setLength(SPARSE_SIZE);
      disk.seek(SPARSE_SIZE / 2);
      disk.write("middle".getBytes());
    }
    try (FileStore store = FileStore.builder(dir.resolve("store")).mode(mode).open()) {
      assertThat(
              store.keepCopy(
                  output,
                  new TreeRecord(id("qcow2"), "org.osbuild.qcow2", Optional.of(id("tree")))))
          .isTrue();
      Files.writeString(output.resolve("manifest.txt"), "changed after it was kept\n");

      Path copy = dir.resolve("copy");
      assertThat(store.copyOut(id("qcow2"), copy)).isTrue();

      assertThat(copy.resolve("manifest.txt")).hasContent("image of tree");
      assertThat(Files.size(copy.resolve("disk.raw"))).isEqualTo(SPARSE_SIZE);
      try (RandomAccessFile disk = new RandomAccessFile(copy.resolve("disk.raw").toFile(), "r")) {
        byte[] middle = new byte[6];
        disk.seek(SPARSE_SIZE / 2);
        disk.readFully(middle);
        assertThat(new String(middle)).isEqualTo("middle");
      }
      assertThat(allocatedBytes(copy.resolve("disk.raw")))
          .as("holes stay holes")
          .isLessThan(1L << 20);
      assertThat(store.list())
          .extracting(StoredObject::id, StoredObject::stageName)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(id("qcow2"), "org.osbuild.qcow2"));
    }
  }

  @Test
  void nothingKeptUnderAnIdCopiesNothingAndCreatesNoTarget() throws Exception {
    try (FileStore store = FileStore.builder(dir.resolve("store")).mode(SnapshotMode.COPY).open()) {
      assertThat(store.copyOut(id("never-assembled"), dir.resolve("copy"))).isFalse();
      assertThat(dir.resolve("copy")).doesNotExist();
    }
  }

  @Test
  void keepingTheSameIdAgainKeepsTheFirstCopy() throws Exception {
    Path output = Files.createDirectories(dir.resolve("output"));
    Files.writeString(output.resolve("image"), "first");
    try (FileStore store = FileStore.builder(dir.resolve("store")).mode(SnapshotMode.COPY).open()) {
      TreeRecord record = new TreeRecord(id("tar"), "org.osbuild.tar", Optional.empty());
      store.keepCopy(output, record);
      Files.writeString(output.resolve("image"), "second");
      store.keepCopy(output, record);

      store.copyOut(id("tar"), dir.resolve("copy"));
      assertThat(dir.resolve("copy/image")).hasContent("first");
    }
  }

  private static long allocatedBytes(Path file) throws Exception {
    Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
    String[] words = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
    assertThat(stat.waitFor()).isZero();
    return Long.parseLong(words[0]) * Long.parseLong(words[1]);
  }
}
