package org.osbuildj.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.osbuildj.core.testing.TreeDiff.Change;
import org.osbuildj.core.testing.TreeDiff.Entry;

/**
 * Fluent assertions on a {@link TreeDiff}. Each assertion also marks the differences it names as
 * expected, so that {@link #hasNoOtherChanges()} can end a chain by failing on anything a stage did
 * that the test did not foresee.
 */
public final class TreeDiffAssert {
  private final TreeDiff diff;
  private final Set<String> expected = new HashSet<>();

  TreeDiffAssert(TreeDiff diff) {
    this.diff = diff;
  }

  /** Each path is new in the second tree. */
  public TreeDiffAssert added(String... paths) {
    for (String path : paths) {
      assertThat(diff.added())
          .as("added entries, expecting %s among them; all differences:%n%s", path, diff)
          .containsKey(path);
      expected.add(path);
    }
    return this;
  }

  /** {@code directory} and everything below it is new (and nothing is expected of the rest). */
  public TreeDiffAssert addedTree(String directory) {
    added(directory);
    diff.added().keySet().stream().filter(path -> isUnder(path, directory)).forEach(expected::add);
    return this;
  }

  /** Each path is gone from the second tree. */
  public TreeDiffAssert removed(String... paths) {
    for (String path : paths) {
      assertThat(diff.removed())
          .as("removed entries, expecting %s among them; all differences:%n%s", path, diff)
          .containsKey(path);
      expected.add(path);
    }
    return this;
  }

  /** Some entries under {@code directory} are gone, and all that went are expected. */
  public TreeDiffAssert removedUnder(String directory) {
    List<String> gone =
        diff.removed().keySet().stream().filter(path -> isUnder(path, directory)).toList();
    assertThat(gone)
        .as("entries removed under %s; all differences:%n%s", directory, diff)
        .isNotEmpty();
    expected.addAll(gone);
    return this;
  }

  /** {@code path} is in both trees and differs in exactly these ways. */
  public TreeDiffAssert changed(String path, Change... changes) {
    Set<Change> wanted =
        changes.length == 0 ? EnumSet.noneOf(Change.class) : EnumSet.of(changes[0], changes);
    assertThat(diff.changed())
        .as("changed entries, expecting %s among them; all differences:%n%s", path, diff)
        .containsKey(path);
    assertThat(diff.changed().get(path)).as("how %s changed", path).isEqualTo(wanted);
    expected.add(path);
    return this;
  }

  /**
   * {@code path} may or may not differ: what a stage changes as a side effect, outside the test's
   * point.
   */
  public TreeDiffAssert mayChange(String... paths) {
    expected.addAll(List.of(paths));
    return this;
  }

  /** Anything at or below each directory may differ. */
  public TreeDiffAssert ignoringUnder(String... directories) {
    for (String directory : directories) {
      for (var paths :
          List.of(diff.added().keySet(), diff.removed().keySet(), diff.changed().keySet())) {
        paths.stream().filter(path -> isUnder(path, directory)).forEach(expected::add);
      }
    }
    return this;
  }

  /** No path is added, removed or changed. */
  public TreeDiffAssert unchanged(String... paths) {
    for (String path : paths) {
      assertThat(
              diff.added().containsKey(path)
                  || diff.removed().containsKey(path)
                  || diff.changed().containsKey(path))
          .as("%s differs; all differences:%n%s", path, diff)
          .isFalse();
    }
    return this;
  }

  /** The entry at {@code path} in the second tree meets {@code requirements}. */
  public TreeDiffAssert afterSatisfies(String path, Consumer<Entry> requirements) {
    Entry entry = diff.after(path);
    assertThat(entry).as("%s in the second tree", path).isNotNull();
    requirements.accept(entry);
    return this;
  }

  /** Every difference was named by an assertion above. */
  public void hasNoOtherChanges() {
    List<String> unexpected = new ArrayList<>();
    diff.added()
        .forEach(
            (path, entry) -> {
              if (!expected.contains(path)) unexpected.add("+ " + path + "  " + entry);
            });
    diff.removed()
        .forEach(
            (path, entry) -> {
              if (!expected.contains(path)) unexpected.add("- " + path + "  " + entry);
            });
    diff.changed()
        .forEach(
            (path, changes) -> {
              if (!expected.contains(path)) unexpected.add("~ " + path + "  " + changes);
            });
    assertThat(unexpected).as("differences no assertion expected").isEmpty();
  }

  private static boolean isUnder(String path, String directory) {
    return path.equals(directory)
        || path.startsWith(directory.endsWith("/") ? directory : directory + "/");
  }
}
