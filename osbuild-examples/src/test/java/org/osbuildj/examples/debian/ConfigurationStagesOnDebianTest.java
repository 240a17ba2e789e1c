package org.osbuildj.examples.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.osbuildj.core.testing.TreeDiff.Change.CONTENT;
import static org.osbuildj.core.testing.TreeDiff.Change.MODE;
import static org.osbuildj.core.testing.TreeDiff.Change.TARGET;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.core.testing.TreeDiff;

/**
 * Each configuration stage on a real Debian tree, in the style of osbuild's stage tests: the tree
 * of "base + stage" against the base tree, and exactly the difference the stage should make.
 */
@DebianTreeTest
class ConfigurationStagesOnDebianTest {
  private static final String UUID = "6a0d9c8e-3f0b-4c55-9b1c-2f8e1a7d4b21";
  private static final String KEY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDyuzRtZAyeU3VGDKsGk52rd7b/rJ/EnT8Ce2hwWOZWp alice@example.org";

  @Test
  void hostnameAddsEtcHostnameStampedWithTheEpoch(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(Stages.hostname("demo"))
        .assertThat()
        .added("/etc/hostname")
        .afterSatisfies(
            "/etc/hostname",
            file -> {
              assertThat(file.text()).isEqualTo("demo\n");
              assertThat(file.mode()).isEqualTo(0644);
              assertThat(file.modified()).isEqualTo(DebianTrees.EPOCH);
            })
        .hasNoOtherChanges();
  }

  @Test
  void timezoneRepointsLocaltimeAndRewritesEtcTimezone(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(Stages.timezone("Europe/Berlin"))
        .assertThat()
        .changed("/etc/localtime", TARGET)
        .changed("/etc/timezone", CONTENT)
        .afterSatisfies(
            "/etc/localtime",
            link -> assertThat(link.target()).isEqualTo("../usr/share/zoneinfo/Europe/Berlin"))
        .hasNoOtherChanges();
  }

  @Test
  void localeSetsLangEnablesTheLocaleInLocaleGenAndGeneratesIt(DebianTrees trees) throws Exception {
    TreeDiff diff = trees.diffFromBase(Stages.locale("de_DE.UTF-8"));

    diff.assertThat()
        .added("/etc/locale.conf", "/usr/lib/locale/locale-archive")
        .changed("/etc/locale.gen", CONTENT)
        .afterSatisfies(
            "/etc/locale.gen",
            file -> assertThat(file.text()).containsPattern("(?m)^de_DE.UTF-8 UTF-8$"))
        .afterSatisfies(
            "/usr/lib/locale/locale-archive", file -> assertThat(file.size()).isPositive())
        .mayChange("/etc/default/locale")
        .afterSatisfies(
            "/etc/default/locale", file -> assertThat(file.text()).isEqualTo("LANG=de_DE.UTF-8\n"))
        .hasNoOtherChanges();
  }

  @Test
  void keymapWritesVconsoleConfAndDebiansKeyboardDefaults(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(Stages.keymap("de-latin1"))
        .assertThat()
        .added("/etc/vconsole.conf", "/etc/default/keyboard")
        .afterSatisfies(
            "/etc/vconsole.conf", file -> assertThat(file.text()).isEqualTo("KEYMAP=de-latin1\n"))
        .afterSatisfies(
            "/etc/default/keyboard", file -> assertThat(file.text()).contains("XKBLAYOUT=\"de\"\n"))
        .hasNoOtherChanges();
  }

  @Test
  void groupsAddsTheGroupWithItsGidToGroupAndGshadow(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(Stages.groups().group("builders", 2345))
        .assertThat()
        .changed("/etc/group", CONTENT)
        .changed("/etc/gshadow", CONTENT)
        .afterSatisfies(
            "/etc/group", file -> assertThat(file.text()).contains("\nbuilders:x:2345:\n"))
        .mayChange("/etc/group-", "/etc/gshadow-")
        .hasNoOtherChanges();
  }

  @Test
  void usersCreatesTheAccountItsHomeAndItsAuthorizedKeysWithTheRightOwnerAndModes(DebianTrees trees)
      throws Exception {
    TreeDiff diff =
        trees.diff(
            List.of(Stages.groups().group("builders", 2345)),
            Stages.users()
                .user(
                    "alice",
                    user ->
                        user.uid(1234)
                            .groups("builders")
                            .description("Alice Example")
                            .shell("/bin/bash")
                            .password(
                                "$y$j9T$Yd0n5z6Pv8eQ0pm4pL.5l/$2k6kQzN2i0V8bXcPrG7HKkqf5yXHuZ8WnV4mXl3UOe6")
                            .key(KEY)));

    diff.assertThat()
        .changed("/etc/passwd", CONTENT)
        .changed("/etc/shadow", CONTENT)
        .changed("/etc/group", CONTENT)
        .changed("/etc/gshadow", CONTENT)
        .addedTree("/home/alice")
        .afterSatisfies(
            "/etc/passwd",
            file ->
                assertThat(file.text())
                    .contains("\nalice:x:1234:1234:Alice Example:/home/alice:/bin/bash\n"))
        .afterSatisfies(
            "/etc/shadow", file -> assertThat(file.text()).contains("\nalice:$y$j9T$Yd0n5z6"))
        .afterSatisfies(
            "/etc/group", file -> assertThat(file.text()).contains("\nbuilders:x:2345:alice\n"))
        .afterSatisfies(
            "/home/alice/.ssh",
            dir -> {
              assertThat(dir.mode()).isEqualTo(0700);
              assertThat(dir.uid()).isEqualTo(1234);
              assertThat(dir.gid()).isEqualTo(1234);
            })
        .afterSatisfies(
            "/home/alice/.ssh/authorized_keys",
            file -> {
              assertThat(file.text()).isEqualTo(KEY + "\n");
              assertThat(file.mode()).isEqualTo(0600);
              assertThat(file.uid()).isEqualTo(1234);
              assertThat(file.modified()).isEqualTo(DebianTrees.EPOCH);
            })
        .afterSatisfies("/home/alice/.bashrc", file -> assertThat(file.uid()).isEqualTo(1234))
        .mayChange(
            "/etc/passwd-",
            "/etc/shadow-",
            "/etc/group-",
            "/etc/gshadow-",
            "/etc/subuid",
            "/etc/subgid",
            "/etc/subuid-",
            "/etc/subgid-",
            "/var/log/lastlog",
            "/var/log/faillog")
        .hasNoOtherChanges();
  }

  @Test
  void usersChangesAnExistingAccountWithUsermod(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(Stages.users().user("nobody", user -> user.shell("/bin/sh")))
        .assertThat()
        .changed("/etc/passwd", CONTENT)
        .afterSatisfies(
            "/etc/passwd",
            file ->
                assertThat(file.text())
                    .contains("\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n"))
        .mayChange("/etc/passwd-", "/etc/shadow-", "/etc/shadow")
        .unchanged("/nonexistent")
        .hasNoOtherChanges();
  }

  @Test
  void fstabReplacesEtcFstab(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(Stages.fstab().uuid(UUID, "/", "ext4", "errors=remount-ro", 0, 1))
        .assertThat()
        .changed("/etc/fstab", CONTENT)
        .afterSatisfies(
            "/etc/fstab",
            file ->
                assertThat(file.text())
                    .endsWith("\nUUID=" + UUID + " / ext4 errors=remount-ro 0 1\n"))
        .hasNoOtherChanges();
  }

  @Test
  void systemdEnablesMasksAndSetsTheDefaultTargetWithUnitLinks(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(
            Stages.systemd()
                .enable("systemd-networkd.service")
                .mask("systemd-timesyncd.service")
                .defaultTarget("multi-user.target"))
        .assertThat()
        .added(
            "/etc/systemd/system/multi-user.target.wants/systemd-networkd.service",
            "/etc/systemd/system/systemd-timesyncd.service",
            "/etc/systemd/system/default.target")
        .afterSatisfies(
            "/etc/systemd/system/systemd-timesyncd.service",
            link -> assertThat(link.target()).isEqualTo("/dev/null"))
        .afterSatisfies(
            "/etc/systemd/system/default.target",
            link -> assertThat(link.target()).endsWith("/systemd/system/multi-user.target"))
        .ignoringUnder("/etc/systemd/system")
        .hasNoOtherChanges();
  }

  @Test
  void kernelCmdlineWritesEtcKernelCmdline(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(Stages.kernelCmdline(UUID, "quiet console=ttyS0"))
        .assertThat()
        .added("/etc/kernel/cmdline")
        .afterSatisfies(
            "/etc/kernel/cmdline",
            file ->
                assertThat(file.text()).isEqualTo("root=UUID=" + UUID + " quiet console=ttyS0\n"))
        .mayChange("/etc/kernel")
        .hasNoOtherChanges();
  }

  @Test
  void mkdirCreatesDirectoriesWithTheirModes(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(
            Stages.mkdir()
                .path("/srv/data/cache", 0750, true, false)
                .path("/etc/apt", 0700, false, true))
        .assertThat()
        .added("/srv/data", "/srv/data/cache")
        .afterSatisfies("/srv/data/cache", dir -> assertThat(dir.mode()).isEqualTo(0750))
        .afterSatisfies("/srv/data", dir -> assertThat(dir.mode()).isEqualTo(0755))
        .hasNoOtherChanges();
  }

  @Test
  void chmodChangesOneModeAndRecursivelyAllBelowADirectory(DebianTrees trees) throws Exception {
    TreeDiff diff =
        trees.diffFromBase(
            Stages.chmod()
                .item("/etc/debian_version", "0600", false)
                .item("/etc/apt/apt.conf.d", "o-rwx", true));

    diff.assertThat()
        .changed("/etc/debian_version", MODE)
        .changed("/etc/apt/apt.conf.d", MODE)
        .afterSatisfies("/etc/debian_version", file -> assertThat(file.mode()).isEqualTo(0600))
        .afterSatisfies("/etc/apt/apt.conf.d", dir -> assertThat(dir.mode()).isEqualTo(0750))
        .ignoringUnder("/etc/apt/apt.conf.d")
        .hasNoOtherChanges();
    assertThat(diff.changed().keySet())
        .filteredOn(path -> path.startsWith("/etc/apt/apt.conf.d/"))
        .isNotEmpty()
        .allSatisfy(path -> assertThat(diff.after(path).mode() & 07).isZero());
  }

  @Test
  void copyWritesInlineFilesWithModeAndOwner(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(
            Stages.copy()
                .text("/opt/greeting/hello.txt", "hello\n", 0640, 1000, 1000)
                .bytes(
                    "/usr/local/bin/tool",
                    new byte[] {'#', '!', '/', 'b', 'i', 'n', '/', 's', 'h', '\n'},
                    0755))
        .assertThat()
        .added("/opt/greeting", "/opt/greeting/hello.txt", "/usr/local/bin/tool")
        .afterSatisfies(
            "/opt/greeting/hello.txt",
            file -> {
              assertThat(file.text()).isEqualTo("hello\n");
              assertThat(file.mode()).isEqualTo(0640);
              assertThat(file.uid()).isEqualTo(1000);
              assertThat(file.gid()).isEqualTo(1000);
            })
        .afterSatisfies("/usr/local/bin/tool", file -> assertThat(file.mode()).isEqualTo(0755))
        .hasNoOtherChanges();
  }

  @Test
  void scriptRunsChrootedInTheTreeAndLeavesOnlyWhatItWrote(DebianTrees trees) throws Exception {
    trees
        .diffFromBase(
            Stages.script(
                "#!/bin/sh\nset -e\nmkdir /var/lib/demo\n"
                    + "cat /etc/debian_version > /var/lib/demo/version\n"))
        .assertThat()
        .added("/var/lib/demo", "/var/lib/demo/version")
        .afterSatisfies(
            "/var/lib/demo/version",
            file -> {
              assertThat(file.text()).startsWith("12.");
              assertThat(file.modified()).isEqualTo(DebianTrees.EPOCH);
            })
        .hasNoOtherChanges();
  }

  @Test
  void grub2WritesAGrubCfgBootingTheNewestKernelByRootUuidWithASerialConsole(DebianTrees trees)
      throws Exception {
    var kernels =
        Stages.copy()
            .text("/boot/vmlinuz-6.1.0-9-amd64", "old kernel\n", 0644)
            .text("/boot/vmlinuz-6.1.0-10-amd64", "new kernel\n", 0644)
            .text("/boot/initrd.img-6.1.0-10-amd64", "initrd\n", 0644);

    trees
        .diff(List.of(kernels), Stages.grub2(UUID).kernelOpts("quiet").timeout(1).serialConsole())
        .assertThat()
        .added("/boot/grub", "/boot/grub/grub.cfg", "/etc/default/grub")
        .afterSatisfies(
            "/boot/grub/grub.cfg",
            file ->
                assertThat(file.text())
                    .contains("search --no-floppy --fs-uuid --set=root " + UUID + "\n")
                    .contains(
                        "linux /boot/vmlinuz-6.1.0-10-amd64 root=UUID="
                            + UUID
                            + " ro quiet console=tty0 console=ttyS0,115200\n")
                    .contains("initrd /boot/initrd.img-6.1.0-10-amd64\n")
                    .contains("set timeout=1\n")
                    .contains("serial --unit=0 --speed=115200\n"))
        .afterSatisfies(
            "/etc/default/grub",
            file ->
                assertThat(file.text())
                    .contains("GRUB_CMDLINE_LINUX=\"quiet console=tty0 console=ttyS0,115200\"\n"))
        .hasNoOtherChanges();
  }
}
