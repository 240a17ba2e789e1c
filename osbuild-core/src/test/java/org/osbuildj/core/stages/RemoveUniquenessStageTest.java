package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;

class RemoveUniquenessStageTest {
  @TempDir Path tree;
  @TempDir Path outside;

  private void write(String path, String content) throws Exception {
    Path file = tree.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  @Test
  void emptiesTheMachineIdAndRemovesSeedsKeysLeasesAndJournalsOfABootedSystem() throws Exception {
    write("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
    write("var/lib/dbus/machine-id", "0123456789abcdef0123456789abcdef\n");
    write("var/lib/systemd/random-seed", "seed");
    write("var/lib/systemd/credential.secret", "secret");
    write("etc/ssh/ssh_host_ed25519_key", "private");
    write("etc/ssh/ssh_host_ed25519_key.pub", "public");
    write("etc/ssh/sshd_config", "kept");
    write("var/lib/dhcp/dhclient.eth0.leases", "lease");
    write("var/lib/NetworkManager/internal-x.lease", "lease");
    write("var/log/journal/0123456789abcdef0123456789abcdef/system.journal", "log");
    write("var/log/journal/remote/kept", "kept");
    write("etc/hostname", "kept\n");

    StageHarness.of(new RemoveUniquenessStage()).options(Json.object()).run(tree);

    assertThat(tree.resolve("etc/machine-id")).isEmptyFile();
    assertThat(tree.resolve("var/lib/dbus/machine-id")).doesNotExist();
    assertThat(tree.resolve("var/lib/systemd/random-seed")).doesNotExist();
    assertThat(tree.resolve("var/lib/systemd/credential.secret")).doesNotExist();
    assertThat(tree.resolve("etc/ssh/ssh_host_ed25519_key")).doesNotExist();
    assertThat(tree.resolve("etc/ssh/ssh_host_ed25519_key.pub")).doesNotExist();
    assertThat(tree.resolve("etc/ssh/sshd_config")).hasContent("kept");
    assertThat(tree.resolve("var/lib/dhcp/dhclient.eth0.leases")).doesNotExist();
    assertThat(tree.resolve("var/lib/NetworkManager/internal-x.lease")).doesNotExist();
    assertThat(tree.resolve("var/log/journal/0123456789abcdef0123456789abcdef")).doesNotExist();
    assertThat(tree.resolve("var/log/journal/remote/kept")).exists();
    assertThat(tree.resolve("etc/hostname")).hasContent("kept\n");
  }

  @Test
  void keepsTheDbusLinkToTheMachineIdAndNeverFollowsLinksOutOfTheTree() throws Exception {
    write("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
    Files.createDirectories(tree.resolve("var/lib/dbus"));
    Files.createSymbolicLink(tree.resolve("var/lib/dbus/machine-id"), Path.of("/etc/machine-id"));
    Path decoy = Files.createDirectories(outside.resolve("ssh"));
    Path marker = Files.writeString(decoy.resolve("ssh_host_rsa_key"), "sacrificial");
    Files.createSymbolicLink(tree.resolve("etc/ssh"), decoy);

    StageHarness.of(new RemoveUniquenessStage()).options(Json.object()).run(tree);

    assertThat(Files.isSymbolicLink(tree.resolve("var/lib/dbus/machine-id"))).isTrue();
    assertThat(tree.resolve("etc/machine-id")).isEmptyFile();
    assertThat(marker).hasContent("sacrificial");
  }

  @Test
  void aTreeWithNothingUniqueIsLeftAlone() throws Exception {
    StageHarness.of(new RemoveUniquenessStage()).options(Json.object()).run(tree);

    try (var entries = Files.list(tree)) {
      assertThat(entries).isEmpty();
    }
  }
}
