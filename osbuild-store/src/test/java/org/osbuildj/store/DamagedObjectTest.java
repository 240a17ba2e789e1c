package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.store.TestIds.id;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.store.check.StoreCheck;
import org.osbuildj.store.check.StoreProblem;

/**
 * A damaged object (its {@code meta.json} truncated, garbage or about another tree, its tree
 * directory gone) is found when it is looked up, set aside and reported missing, so the next build
 * builds it again; {@code check} reports it and {@code check(true)} sets it aside. Copy mode; the
 * overlay mode's chains are in {@link DamagedLayerTest}.
 */
class DamagedObjectTest {
  @TempDir Path dir;

  enum Damage {
    TRUNCATED_META_JSON {
      @Override
      Path apply(Path object) throws Exception {
        Path meta = object.resolve("meta.json");
        String text = Files.readString(meta);
        Files.writeString(meta, text.substring(0, text.length() / 2));
        return meta;
      }
    },
    GARBAGE_META_JSON {
      @Override
      Path apply(Path object) throws Exception {
        Path meta = object.resolve("meta.json");
        Files.write(meta, new byte[] {0, (byte) 0xff, 'x', 12, 0});
        return meta;
      }
    },
    EMPTY_META_JSON {
      @Override
      Path apply(Path object) throws Exception {
        Path meta = object.resolve("meta.json");
        Files.write(meta, new byte[0]);
        return meta;
      }
    },
    META_JSON_OF_ANOTHER_TREE {
      @Override
      Path apply(Path object) throws Exception {
        Path meta = object.resolve("meta.json");
        String other = Sha256.hex("another tree");
        Files.writeString(
            meta,
            Files.readString(meta)
                .replace(object.getFileName().toString(), other)
                .replace("org.osbuild.test", "org.osbuild.other"));
        return meta;
      }
    },
    MISSING_META_JSON {
      @Override
      Path apply(Path object) throws Exception {
        Path meta = object.resolve("meta.json");
        Files.delete(meta);
        return meta;
      }
    },
    MISSING_TREE_DIRECTORY {
      @Override
      Path apply(Path object) throws Exception {
        Path tree = object.resolve("tree");
        Directories.deleteRecursively(tree);
        return tree;
      }
    };

    /** Damages the object directory; returns the file a report should name. */
    abstract Path apply(Path object) throws Exception;
  }

  private FileStore open() throws Exception {
    return FileStore.builder(dir).mode(SnapshotMode.COPY).open();
  }

  private static void commit(FileStore store, String name, String content) throws Exception {
    try (Workspace workspace = store.newWorkspace(Optional.empty())) {
      Files.writeString(((TreeMount.Directory) workspace.mount()).path().resolve("file"), content);
      store.commit(workspace, new TreeRecord(id(name), "org.osbuild.test", Optional.empty()));
    }
  }

  private Path object(String name) {
    return dir.resolve("objects").resolve(id(name));
  }

  private static String content(TreeLease lease) throws Exception {
    return Files.readString(((TreeMount.Directory) lease.mount()).path().resolve("file"));
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void aDamagedTreeIsReportedMissingSetAsideAndStoredAgainByTheNextCommit(Damage damage)
      throws Exception {
    try (FileStore store = open()) {
      commit(store, "damaged", "old");
      commit(store, "healthy", "healthy");
      damage.apply(object("damaged"));

      assertThat(store.contains(id("damaged"))).isFalse();
      assertThat(object("damaged")).doesNotExist();
      assertThat(dir.resolve("tmp")).isEmptyDirectory();
      assertThat(store.contains(id("healthy"))).isTrue();

      commit(store, "damaged", "new");
      try (TreeLease lease = store.read(id("damaged"))) {
        assertThat(content(lease)).isEqualTo("new");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Damage.class)
  void checkReportsADamagedTreeWithItsFileAndRepairSetsItAside(Damage damage) throws Exception {
    try (FileStore store = open()) {
      commit(store, "damaged", "old");
      commit(store, "healthy", "healthy");
      Path file = damage.apply(object("damaged"));

      StoreCheck report = store.check(false);

      assertThat(report.problems()).hasSize(1);
      StoreProblem problem = report.problems().get(0);
      assertThat(problem.what()).isEqualTo("tree " + id("damaged"));
      assertThat(problem.file()).isEqualTo(file);
      assertThat(problem.reason()).isNotBlank().doesNotContain("Source:").doesNotContain("\n");
      assertThat(problem.repaired()).isFalse();
      assertThat(report.clean()).isFalse();
      assertThat(object("damaged")).as("a check alone changes nothing").exists();

      StoreCheck repair = store.check(true);

      assertThat(repair.problems()).extracting(StoreProblem::repaired).containsExactly(true);
      assertThat(repair.problemsLeft()).isZero();
      assertThat(object("damaged")).doesNotExist();
      assertThat(store.check(false).problems()).isEmpty();
      assertThat(store.contains(id("healthy"))).isTrue();
    }
  }

  @Test
  void aTruncatedMetaJsonIsReportedByItsFileNotByTheJsonParsersSource() throws Exception {
    try (FileStore store = open()) {
      commit(store, "damaged", "old");
      Path meta = Damage.TRUNCATED_META_JSON.apply(object("damaged"));

      StoreProblem problem = store.check(false).problems().get(0);

      assertThat(problem.toString())
          .startsWith("tree " + id("damaged") + ": " + meta + ": ")
          .contains("end-of-input")
          .doesNotContain("REDACTED");
    }
  }

  @Test
  void clearRemovesDamagedTreesToo() throws Exception {
    try (FileStore store = open()) {
      commit(store, "damaged", "old");
      commit(store, "healthy", "healthy");
      Damage.GARBAGE_META_JSON.apply(object("damaged"));

      store.removeAll();

      assertThat(dir.resolve("objects")).isEmptyDirectory();
    }
  }

  @Test
  void aDamagedTreeAnotherBuildHoldsIsLeftWhereItIsUntilReleased() throws Exception {
    try (FileStore store = open();
        FileStore other = open()) {
      commit(store, "held", "held");
      TreeLease lease = other.read(id("held"));
      Path meta = Damage.TRUNCATED_META_JSON.apply(object("held"));

      assertThat(store.contains(id("held"))).as("not usable, so a miss").isFalse();
      assertThat(object("held")).as("but the other build's tree stays").exists();
      assertThat(content(lease)).isEqualTo("held");
      StoreCheck repair = store.check(true);
      assertThat(repair.problems()).hasSize(1);
      assertThat(repair.problems().get(0).file()).isEqualTo(meta);
      assertThat(repair.problems().get(0).repaired()).isFalse();
      assertThat(repair.problems().get(0).reason()).contains("in use");
      assertThat(repair.problemsLeft()).isEqualTo(1);

      lease.close();

      assertThat(store.check(true).problemsLeft()).isZero();
      assertThat(object("held")).doesNotExist();
    }
  }

  @Test
  void aHealthyTreeAnotherProcessHoldsIsNotDisturbedByCheckRepairOrClear() throws Exception {
    try (FileStore store = open()) {
      commit(store, "held", "held");
    }
    Process child = ChildJvm.start("hold-lease", dir.toString(), id("held"));
    try {
      StringBuilder output = new StringBuilder();
      assertThat(ChildJvm.awaitLine(child, "READY", output)).as(output.toString()).isTrue();
      try (FileStore store = open()) {
        assertThat(store.check(true).problems()).isEmpty();
        store.removeAll();

        assertThat(store.contains(id("held"))).isTrue();
        assertThat(object("held").resolve("tree/file")).hasContent("held");
      }
    } finally {
      child.destroyForcibly();
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aSourceWithWrongContentIsReportedByCheckAndRemovedByRepair() throws Exception {
    try (FileStore store = open()) {
      Path original = Files.writeString(dir.resolve("download"), "the right content\n");
      String sha = store.sources().put(original);
      String good = store.sources().put(Files.writeString(dir.resolve("other"), "other\n"));
      Path stored = dir.resolve("sources/sha256").resolve(sha);
      Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-r--r--"));
      Files.writeString(stored, "the wrong content\n", StandardCharsets.UTF_8);

      StoreCheck report = store.check(false);

      assertThat(report.problems()).hasSize(1);
      assertThat(report.problems().get(0).what()).isEqualTo("source sha256:" + sha);
      assertThat(report.problems().get(0).file()).isEqualTo(stored);
      assertThat(report.problems().get(0).reason())
          .isEqualTo("its content has SHA-256 " + Sha256.hex("the wrong content\n"));
      assertThat(stored).exists();

      assertThat(store.check(true).problemsLeft()).isZero();
      assertThat(stored).doesNotExist();
      assertThat(store.sources().contains(good)).isTrue();
      assertThat(store.check(false).clean()).isTrue();
    }
  }
}
