package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.disk.Ext4Sizing.TreeUsage;
import org.osbuildj.core.testing.HostCommands;

class TreeListingTest {
  private static final long BLOCK = 4096;

  /** lost+found, which mke2fs adds: 4 blocks and an inode. */
  private static final long LOST_FOUND_BLOCKS = 4;

  @TempDir Path base;

  private static TreeUsage usage(String records) throws IOException {
    return TreeListing.usage(new ByteArrayInputStream(records.getBytes(StandardCharsets.UTF_8)));
  }

  /** The blocks for all directories' entries: twice their bytes, rounded up to a block. */
  private static long entryBlocks(long entryBytes) {
    return (2 * entryBytes + BLOCK - 1) / BLOCK;
  }

  @Test
  void filesAreCountedInWholeBlocksAndTheRootHasNoEntry() throws IOException {
    TreeUsage usage =
        usage(
            "d 3 1:2 4096 0 tree\0"
                + "d 2 1:3 4096 1 etc\0"
                + "f 1 1:4 5 2 hostname\0"
                + "f 1 1:5 0 2 empty\0"
                + "f 1 1:6 4097 2 two-blocks\0");

    // "etc" 12, "hostname" 16, "empty" 16, "two-blocks" 20, and 24 for each directory's . and ..
    long entries = 12 + 16 + 16 + 20 + 2 * 24;
    assertThat(usage.inodes()).isEqualTo(5 + 1);
    assertThat(usage.bytes())
        .isEqualTo((LOST_FOUND_BLOCKS + 2 + 1 + 0 + 2 + entryBlocks(entries)) * BLOCK);
  }

  @Test
  void hardLinksAreOneInodeWithItsBlocksOnceButEveryNameIsAnEntry() throws IOException {
    TreeUsage linked = usage("d 2 1:2 4096 0 t\0" + "f 2 1:7 10000 1 a\0" + "f 2 1:7 10000 1 b\0");
    TreeUsage single = usage("d 2 1:2 4096 0 t\0" + "f 1 1:7 10000 1 a\0");

    assertThat(linked.inodes()).isEqualTo(single.inodes()).isEqualTo(3);
    assertThat(linked.bytes()).isEqualTo(single.bytes());
    assertThat(linked.bytes())
        .isEqualTo((LOST_FOUND_BLOCKS + 1 + 3 + entryBlocks(24 + 24)) * BLOCK);
  }

  @Test
  void shortSymbolicLinksLiveInTheirInodeAndLongOnesTakeABlock() throws IOException {
    String longTarget = "x".repeat(60);
    TreeUsage shortLink = usage("d 2 1:2 4096 0 t\0l 1 1:3 59 1 s\0");
    TreeUsage longLink = usage("d 2 1:2 4096 0 t\0l 1 1:3 " + longTarget.length() + " 1 s\0");

    assertThat(longLink.bytes() - shortLink.bytes()).isEqualTo(BLOCK);
    assertThat(longLink.inodes()).isEqualTo(shortLink.inodes()).isEqualTo(3);
  }

  @Test
  void devicesFifosAndSocketsAreInodesWithoutBlocks() throws IOException {
    TreeUsage withNodes =
        usage("d 2 1:2 4096 0 t\0c 1 1:3 0 1 a\0b 1 1:4 0 1 b\0p 1 1:5 0 1 c\0s 1 1:6 0 1 d\0");
    TreeUsage without = usage("d 2 1:2 4096 0 t\0");

    assertThat(withNodes.inodes() - without.inodes()).isEqualTo(4);
    assertThat(withNodes.bytes()).isEqualTo(without.bytes());
  }

  @Test
  void namesMayHoldBlanksAndNewlinesAndAreCountedInBytes() throws IOException {
    TreeUsage odd = usage("d 2 1:2 4096 0 t\0f 1 1:3 1 1 a b\nc é\0");

    // "a b\nc é" is 8 bytes in UTF-8: an entry of 8 + 8.
    assertThat(odd.inodes()).isEqualTo(3);
    assertThat(odd.bytes()).isEqualTo((LOST_FOUND_BLOCKS + 1 + 1 + entryBlocks(16 + 24)) * BLOCK);
  }

  @Test
  void aLargeFileNeedsExtentBlocksBeyondTheFourItsInodeHolds() {
    long extent = 32768 * BLOCK;

    assertThat(TreeListing.fileBlocks(4 * extent)).isEqualTo(4 * 32768);
    assertThat(TreeListing.fileBlocks(4 * extent + 1)).isEqualTo(4 * 32768 + 1 + 1);
    assertThat(TreeListing.fileBlocks(1)).isEqualTo(1);
    assertThat(TreeListing.fileBlocks(0)).isZero();
  }

  @Test
  void aRecordThatIsNotFindsIsRefused() {
    assertThatThrownBy(() -> usage("d 2 1:2 4096 0 t\0garbage\0"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("garbage");
    assertThatThrownBy(() -> usage("d 2 1:2 4096 0 t\0f 1 1:3 x 1 name\0"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> usage("d 2 1:2 4096 0 t"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unterminated");
  }

  private TreeUsage listed(Path tree) throws Exception {
    Path list = base.resolve("list-" + tree.getFileName());
    HostCommands.run(
        TreeListing.command(tree.toString(), list.toString()).argv().toArray(String[]::new));
    try (InputStream in = Files.newInputStream(list)) {
      return TreeListing.usage(in);
    }
  }

  private Path smallTree(String name) throws IOException {
    Path tree = Files.createDirectory(base.resolve(name));
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/hostname"), "demo\n");
    Files.write(tree.resolve("etc/blob"), new byte[10_000]);
    Files.createSymbolicLink(tree.resolve("etc/mtab"), Path.of("../proc/self/mounts"));
    Files.createLink(tree.resolve("etc/hostname-link"), tree.resolve("etc/hostname"));
    Files.createDirectories(tree.resolve("var/cache"));
    return tree;
  }

  @Test
  void findsListingOfARealTreeCountsWhatItHolds() throws Exception {
    TreeUsage usage = listed(smallTree("tree"));

    // /, etc, hostname (twice linked), blob, mtab, var, cache; and lost+found.
    assertThat(usage.inodes()).isEqualTo(8);
    // Blocks: 4 directories, 1 hostname, 3 blob, 0 mtab, 4 lost+found, 1 for the entries.
    assertThat(usage.bytes()).isEqualTo((4 + 1 + 3 + 4 + 1) * BLOCK);
  }

  @Test
  void aDirectoryThatOnceHeldManyFilesCountsAsOneThatNeverDid() throws Exception {
    Path fresh = smallTree("fresh");
    Path used = smallTree("used");
    for (int i = 0; i < 3000; i++) {
      Files.writeString(used.resolve("var/cache/some-long-package-file-name-" + i), "");
    }
    for (int i = 0; i < 3000; i++) {
      Files.delete(used.resolve("var/cache/some-long-package-file-name-" + i));
    }

    assertThat(listed(used)).isEqualTo(listed(fresh));
  }
}
