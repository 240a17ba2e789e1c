package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.disk.Ext4Sizing.TreeUsage;
import org.osbuildj.core.isolation.Command;

class Ext4SizingTest {
  private static final long MIB = 1 << 20;

  @Test
  void theJournalGrowsWithTheFilesystemAsMke2fsChoosesIt() {
    assertThat(Ext4Sizing.journalBlocks(1000)).isZero();
    assertThat(Ext4Sizing.journalBlocks(16 * 256)).isEqualTo(1024);
    assertThat(Ext4Sizing.journalBlocks(512 * 256)).isEqualTo(4096);
    assertThat(Ext4Sizing.journalBlocks(2048 * 256)).isEqualTo(16384);
    assertThat(Ext4Sizing.journalBlocks(1L << 30)).isEqualTo(262144);
  }

  @Test
  void theMinimumHoldsTheTreeAndOneMibLessDoesNot() {
    TreeUsage tree = new TreeUsage(700 * MIB, 25_000);

    DataSize minimum = Ext4Sizing.minimumFor(tree);

    assertThat(minimum.bytes() % MIB).isZero();
    assertThat(Ext4Sizing.fits(tree, minimum.bytes())).isTrue();
    assertThat(Ext4Sizing.fits(tree, minimum.bytes() - MIB)).isFalse();
    assertThat(minimum.bytes()).isBetween(700 * MIB + Ext4Sizing.overhead(700 * MIB), 800 * MIB);
  }

  @Test
  void aTreeOfManySmallFilesNeedsRoomForItsInodes() {
    TreeUsage tree = new TreeUsage(4 * MIB, 10_000);

    DataSize minimum = Ext4Sizing.minimumFor(tree);

    assertThat(minimum.bytes() / Ext4Sizing.BYTES_PER_INODE).isGreaterThanOrEqualTo(10_000);
    assertThat(Ext4Sizing.fits(tree, 64 * MIB)).as("64 MiB has only 4096 inodes").isFalse();
  }

  @Test
  void anEmptyTreeStillNeedsSomeRoom() {
    assertThat(Ext4Sizing.minimumFor(new TreeUsage(0, 1)).bytes()).isGreaterThanOrEqualTo(MIB);
  }

  @Test
  void mkfsIsToldTheUuidTheDerivedHashSeedTheOffsetAndTheBlocks() {
    UUID uuid = UUID.fromString("6e4ff95f-f662-45ee-a82a-bdf44a2d0b75");

    Command mkfs =
        Ext4Format.mkfs(
            uuid, "/run/osbuild/tree", "/out/disk.raw", 1 << 20, 64 * MIB + 100, Optional.empty());

    assertThat(mkfs.argv())
        .containsSubsequence("-U", uuid.toString())
        .containsSubsequence("-d", "/run/osbuild/tree", "/out/disk.raw", "16384")
        .contains(
            "hash_seed="
                + new DiskIdentity(uuid).ext4HashSeed()
                + ",offset=1048576,assume_storage_prezeroed=1");
    assertThat(mkfs.environment()).doesNotContainKey("E2FSPROGS_FAKE_TIME");
  }

  @Test
  void withAnEpochMkfsTakesItAsTheCurrentTime() {
    Command mkfs =
        Ext4Format.mkfs(
            UUID.randomUUID(),
            "/t",
            "/i",
            0,
            64 * MIB,
            Optional.of(Instant.ofEpochSecond(1_700_000_000)));

    assertThat(mkfs.environment()).containsEntry("E2FSPROGS_FAKE_TIME", "1700000000");
  }

  @Test
  void theMeasuredUsageIsReadFromItsMarkedLine() {
    TreeUsage usage =
        Ext4Format.parseUsage(List.of("du: noise", Ext4Format.USAGE_MARKER + " 123456 789"));

    assertThat(usage).isEqualTo(new TreeUsage(123456, 789));
  }
}
