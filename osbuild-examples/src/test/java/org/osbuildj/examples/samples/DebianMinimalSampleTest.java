package org.osbuildj.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.examples.assertions.OsbuildAssertions.assertThatTar;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Sha256;

/**
 * The debian-bookworm-minimal sample: its archive holds what each stage promised; rebuilt from an
 * empty tree cache with the package cache warm, it builds with the network cut, and with
 * SOURCE_DATE_EPOCH set the two archives are byte-identical.
 */
@Tag("root")
@Tag("e2e")
class DebianMinimalSampleTest {
  static final String ARCHIVE = "debian-bookworm-minimal.tar.zst";

  @TempDir Path work;

  @Test
  void theSampleHoldsWhatEachStagePromisedAndRebuildsOfflineToTheSameBytes() throws Exception {
    Samples.assumeHostCanBuild("/usr/bin/mmdebstrap", "/usr/bin/zstd", "/usr/bin/unshare");
    Path manifest = Samples.manifest("debian-bookworm-minimal.json");
    Path store = E2eStore.shared();
    Samples.build(store, work.resolve("first"), manifest);
    Path first = work.resolve("first").resolve(ARCHIVE);

    assertThatTar(first)
        .hasEntry("./etc/hostname")
        .withContent("bookworm-minimal\n")
        .and()
        .hasEntry("./etc/timezone")
        .withContent("Europe/Berlin\n")
        .and()
        .hasEntry("./etc/default/locale")
        .withContent("LANG=en_US.UTF-8\n")
        .and()
        .hasEntry("./usr/lib/locale/locale-archive")
        .and()
        .hasEntry("./home/demo/")
        .and()
        .hasEntry("./etc/systemd/system/default.target")
        .and()
        .hasEntry("./etc/systemd/system/multi-user.target.wants/systemd-networkd.service")
        .and()
        .hasNoEntry("./etc/resolv.conf");
    assertThat(entry(first, "./etc/passwd")).contains("demo:x:1000:").contains("Demo user");
    assertThat(entry(first, "./etc/shadow"))
        .contains("root:$6$osbuildjava$")
        .contains("demo:$6$osbuildjava$");
    assertThat(entry(first, "./etc/fstab"))
        .contains("UUID=6e4ff95f-f662-45ee-a82a-bdf44a2d0b75 / ext4");
    assertThat(entry(first, "./var/lib/dpkg/status"))
        .contains("Package: linux-image-amd64", "Package: systemd-sysv");
    assertThat(new org.osbuildj.examples.assertions.TarAssert(first).entries())
        .as("no downloaded packages or package lists are left in the image")
        .noneMatch(e -> e.endsWith(".deb") || e.matches("\\./var/lib/apt/lists/[^/]+_.*"));

    // A second store with no trees, holding only the first one's package cache.
    Path coldStore = work.resolve("cold-store");
    Samples.copyDirectory(store.resolve("caches"), coldStore.resolve("caches"));
    String log =
        Samples.buildInNewProcess(
            List.of("unshare", "--net"),
            coldStore,
            work.resolve("second"),
            manifest,
            "--monitor",
            "JSONSeqMonitor",
            "--monitor-fd",
            "1");
    Path second = work.resolve("second").resolve(ARCHIVE);

    assertThat(log)
        .as("the tree was built again, not taken from a store")
        .contains("stage 1/8 org.osbuild.mmdebstrap: done in");
    assertThat(packageProgress(log))
        .as("package progress the monitor reported while mmdebstrap ran")
        .anyMatch(
            p ->
                p.at("/progress/progress/total").asLong() > 100
                    && p.at("/progress/progress/done").asLong()
                        == p.at("/progress/progress/total").asLong());
    assertThat(Sha256.hex(Files.readAllBytes(second)))
        .as("the rebuilt archive's SHA-256")
        .isEqualTo(Sha256.hex(Files.readAllBytes(first)));
  }

  /**
   * The monitor's package progress records for the mmdebstrap stage, from a log holding the
   * sequence.
   */
  private static List<com.fasterxml.jackson.databind.JsonNode> packageProgress(String log) {
    List<com.fasterxml.jackson.databind.JsonNode> records = new java.util.ArrayList<>();
    for (String chunk : log.split("\u001e")) {
      String first = chunk.lines().findFirst().orElse("");
      if (!first.startsWith("{")) continue;
      try {
        com.fasterxml.jackson.databind.JsonNode record =
            org.osbuildj.core.json.Json.mapper().readTree(first);
        if (record.at("/context/pipeline/stage/name").asText().equals("org.osbuild.mmdebstrap")
            && record.at("/progress/progress").isObject()) {
          records.add(record);
        }
      } catch (java.io.IOException e) {
        // Not a record: a line of the human progress that followed one.
      }
    }
    return records;
  }

  private static String entry(Path archive, String name) {
    return org.osbuildj.examples.assertions.TarAssert.tar(
        "--zstd", "-xOf", archive.toString(), name);
  }
}
