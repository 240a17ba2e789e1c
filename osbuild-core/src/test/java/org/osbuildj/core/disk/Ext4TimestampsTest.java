package org.osbuildj.core.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class Ext4TimestampsTest {
  private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

  @Test
  void inodesInUseUpToTheFirstFreeOneAreTheLastUsedInode() {
    assertThat(Ext4Timestamps.parseInodeUsage(List.of("noise", "inode-usage: 131072 77062 54011")))
        .isEqualTo(54010);
  }

  @Test
  void aFullInodeTableHasNoFreeInodeAndIsStillContiguous() {
    assertThat(Ext4Timestamps.parseInodeUsage(List.of("inode-usage: 4096 0 none"))).isEqualTo(4096);
  }

  @Test
  void aGapBeforeTheLastUsedInodeIsRefusedRatherThanMissingInodes() {
    assertThatThrownBy(
            () -> Ext4Timestamps.parseInodeUsage(List.of("inode-usage: 131072 77062 40000")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("first free: 40000");
    assertThatThrownBy(() -> Ext4Timestamps.parseInodeUsage(List.of("dumpe2fs: Bad magic number")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("printed nothing");
  }

  @Test
  void theRootAndEveryTreeInodeGetTheEpochAsAccessAndChangeTimeButReservedInodesAreLeftAlone() {
    List<String> commands = Ext4Timestamps.inodeCommands(13, EPOCH).lines().toList();

    assertThat(commands)
        .containsExactly(
            "sif <2> atime @1700000000", "sif <2> ctime @1700000000",
            "sif <11> atime @1700000000", "sif <11> ctime @1700000000",
            "sif <12> atime @1700000000", "sif <12> ctime @1700000000",
            "sif <13> atime @1700000000", "sif <13> ctime @1700000000");
  }

  @Test
  void clampingPassesTheEpochAndPathsAsArgumentsNotInsideTheScript() {
    var command =
        Ext4Timestamps.apply(
            "/run/osbuild/tree", "/out/.x/cmds", "/out/d.raw?offset=1048576", EPOCH);

    assertThat(command.argv())
        .endsWith(
            "clamp-times",
            "/run/osbuild/tree",
            "/out/.x/cmds",
            "/out/d.raw?offset=1048576",
            "1700000000");
    assertThat(command.argv().get(2))
        .doesNotContain("/run/osbuild/tree")
        .doesNotContain("1700000000");
  }

  @Test
  void debugfsWritesTheSuperblocksTimesAsTheEpochNotAsTheClock() {
    var command =
        Ext4Timestamps.apply(
            "/run/osbuild/tree", "/out/.x/cmds", "/out/d.raw?offset=1048576", EPOCH);

    // debugfs rewrites the superblock on closing once it wrote more than its cache holds, with the
    // time it takes from E2FSPROGS_FAKE_TIME, else the clock, as "Last write time".
    assertThat(command.environment()).containsEntry("E2FSPROGS_FAKE_TIME", "1700000000");
  }
}
