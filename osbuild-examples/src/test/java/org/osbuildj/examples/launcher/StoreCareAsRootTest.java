package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.core.tree.Directories;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/**
 * The store as root, with the launcher's defaults: the namespace isolation and overlay layers,
 * where a tree needs every layer under it.
 */
@Tag("root")
class StoreCareAsRootTest {
  @TempDir Path dir;
  HostMounts before;
  StoreCareLauncher launcher;

  @BeforeEach
  void assumeRoot() throws Exception {
    assumeThat(TreeFixtures.runningAsRoot()).as("these tests run the launcher as root").isTrue();
    assumeThat(NamespaceIsolation.isAvailable())
        .as("the namespace isolation is available")
        .isTrue();
    before = HostMounts.capture();
    launcher = new StoreCareLauncher(dir, List.of());
  }

  @AfterEach
  void noMountIsLeft() throws Exception {
    if (before != null) assertThat(HostMounts.capture()).isEqualTo(before);
  }

  private static List<Boolean> cached(StoreCareLauncher.Run run) throws Exception {
    JsonNode json = Json.mapper().readTree(run.stdout());
    List<Boolean> cached = new ArrayList<>();
    json.at("/pipelines/0/stages").forEach(stage -> cached.add(stage.get("cached").asBoolean()));
    return cached;
  }

  @Test
  void aTreeWhoseParentObjectWasRemovedIsBuiltAgainWithItsParent() throws Exception {
    Path manifest = launcher.writingManifest("a", 10, "b", 10, "c", 10, "d", 10);
    StoreCareLauncher.Run first = launcher.build(manifest);
    assertThat(first.status()).as(first.stderr()).isZero();
    List<String> ids = Manifest.read(manifest).stageIds();
    Directories.deleteRecursively(launcher.store().resolve("objects").resolve(ids.get(1)));

    StoreCareLauncher.Run check = launcher.store("check");
    assertThat(check.status()).isEqualTo(1);
    assertThat(check.stdout())
        .contains("damaged: tree " + ids.get(2) + ": ")
        .contains("damaged: tree " + ids.get(3) + ": ")
        .contains("stands on layer " + ids.get(1) + ", which is not in the store");

    StoreCareLauncher.Run again = launcher.build(manifest, "--json");

    assertThat(again.status()).as(again.stderr()).isZero();
    assertThat(cached(again)).containsExactly(true, false, false, false);
    assertThat(launcher.store("check").status()).isZero();
  }

  @Test
  void aCacheMaxSizeBelowABigLayerUnderSmallOnesHoldsOnceTheBuildHasEnded() throws Exception {
    Path manifest =
        launcher.writingManifest("big", 3_000_000, "a", 10, "b", 10, "c", 10, "d", 10, "e", 10);

    StoreCareLauncher.Run run = launcher.build(manifest, "--cache-max-size", "2M");

    assertThat(run.status()).as(run.stderr()).isZero();
    assertThat(launcher.store("list").stdout()).contains("0 trees and images");
  }
}
