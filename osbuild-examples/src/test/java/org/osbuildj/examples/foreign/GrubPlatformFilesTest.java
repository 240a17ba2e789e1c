package org.osbuildj.examples.foreign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.debian.DebianMirror;
import org.osbuildj.core.debian.GrubPlatformFiles;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;

/**
 * GRUB's arm64-efi modules on an amd64 host: downloaded once into the store's cache with a private
 * apt state, then reused with the network cut; grub-mkimage makes an arm64 EFI image from them.
 */
@Tag("root")
@Tag("e2e")
class GrubPlatformFilesTest {
  @TempDir Path work;

  /** A stage that makes BOOTAA64.EFI in its tree from the arm64-efi modules. */
  static final class Arm64GrubImageStage implements StageImplementation {
    static final String NAME = "org.osbuildj.test.grub-arm64-image";

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public Optional<String> optionsSchema() {
      return Optional.empty();
    }

    @Override
    public boolean needsNetwork(Options options) {
      return options.bool("network", false);
    }

    @Override
    public List<String> caches(Options options) {
      return List.of(GrubPlatformFiles.CACHE);
    }

    @Override
    public void run(StageContext context) throws Exception {
      String mirror = DebianMirror.resolve(Optional.empty(), System.getenv(), Path.of("/etc/apt"));
      String modules =
          GrubPlatformFiles.directory(context.sandbox(), "arm64-efi", mirror, "bookworm");
      context
          .sandbox()
          .exec(
              Command.of(
                  "grub-mkimage",
                  "-d",
                  modules,
                  "-O",
                  "arm64-efi",
                  "-p",
                  "/EFI/debian",
                  "-o",
                  context.sandbox().treeInRoot() + "/BOOTAA64.EFI",
                  "part_gpt",
                  "fat",
                  "ext2",
                  "search",
                  "normal",
                  "linux",
                  "test",
                  "echo",
                  "efi_gop"))
          .orThrow();
      context.tree().writeString("modules", modules + "\n");
    }
  }

  @Test
  void theArm64EfiModulesAreDownloadedOnceAndThenUsedOffline() throws Exception {
    assumeTrue(TreeFixtures.runningAsRoot(), "the namespace isolation needs root");
    assumeTrue(
        NamespaceIsolation.isAvailable(),
        () -> "no namespace isolation: " + NamespaceIsolation.unavailability().orElse(""));
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/grub-mkimage")),
        "grub-mkimage is needed: apt-get install grub-common");
    assumeTrue(
        !Files.exists(Path.of("/usr/lib/grub/arm64-efi")),
        "this host has GRUB's arm64-efi modules itself: nothing to download");
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (FileStore store = FileStore.builder(work.resolve("store")).mode(SnapshotMode.COPY).open();
        Osbuild osbuild =
            Osbuild.builder()
                .store(store)
                .isolation(NamespaceIsolation.create())
                .stage(new Arm64GrubImageStage())
                .listener(
                    event -> {
                      if (event instanceof BuildEvent.StepLog line) log.add(line.line());
                    })
                .build()) {
      Pipeline online =
          Pipeline.builder()
              .stage(Stage.of(Arm64GrubImageStage.NAME, Json.object().put("network", true)))
              .build();
      Pipeline offline =
          Pipeline.builder()
              .stage(Stage.of(Arm64GrubImageStage.NAME, Json.object().put("network", false)))
              .build();

      osbuild.build(online, null);
      List<String> first = List.copyOf(log);
      log.clear();
      osbuild.build(offline, null);
      List<String> second = List.copyOf(log);

      assertThat(first).anyMatch(line -> line.contains("grub-efi-arm64-bin arm64"));
      assertThat(second).noneMatch(line -> line.startsWith("Get:"));
      for (Pipeline pipeline : List.of(online, offline)) {
        Path tree = treeOf(store, pipeline);
        assertThat(Files.readString(tree.resolve("modules")))
            .startsWith("/run/osbuild/caches/" + GrubPlatformFiles.CACHE + "/grub-efi-arm64-bin/")
            .endsWith("/root/usr/lib/grub/arm64-efi\n");
        byte[] image = Files.readAllBytes(tree.resolve("BOOTAA64.EFI"));
        assertThat(new String(image, 0, 2, java.nio.charset.StandardCharsets.US_ASCII))
            .isEqualTo("MZ");
        ByteBuffer pe = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int header = pe.getInt(0x3C);
        assertThat(pe.getShort(header + 4) & 0xFFFF).as("PE machine").isEqualTo(0xAA64);
      }
      assertThat(store.cacheDirectory(GrubPlatformFiles.CACHE).orElseThrow())
          .isDirectory()
          .isNotEmptyDirectory();
    }
  }

  private static Path treeOf(FileStore store, Pipeline pipeline) throws Exception {
    try (var lease = store.read(pipeline.treeId().orElseThrow())) {
      return ((org.osbuildj.core.isolation.TreeMount.Directory) lease.mount()).path();
    }
  }
}
