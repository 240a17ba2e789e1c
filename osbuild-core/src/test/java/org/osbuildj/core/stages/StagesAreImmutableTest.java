package org.osbuildj.core.stages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.options.AptOptions;
import org.osbuildj.core.stages.options.CopyOptions.InlineFile;
import org.osbuildj.core.stages.options.FstabOptions.Filesystem;
import org.osbuildj.core.stages.options.MkdirOptions.Directory;
import org.osbuildj.core.stages.options.MmdebstrapOptions;
import org.osbuildj.core.stages.options.StageOptions;
import org.osbuildj.core.stages.options.UsersOptions.User;

/**
 * Every {@code withX} and {@code addX} gives a new value and leaves the one it was called on as it
 * was.
 */
class StagesAreImmutableTest {
  private static final String UUID = StageHelperCases.UUID;

  private static <T extends StageOptions> Arguments change(
      String what, T original, UnaryOperator<T> change) {
    return Arguments.of(what, original, change);
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        change("keymap font", Stages.keymap("us"), k -> k.withFont("eurlatgr")),
        change("keymap layouts", Stages.keymap("us"), k -> k.withX11Layouts("us", "de")),
        change("users withUser", Stages.users(), u -> u.withUser("alice", User.defaults())),
        change("users user", Stages.users().user("a", u -> u), u -> u.user("a", x -> x.withUid(1))),
        change("groups", Stages.groups(), g -> g.withGroup("admins", 2000)),
        change("groups as before", Stages.groups().group("a"), g -> g.group("a", 1)),
        change(
            "fstab",
            Stages.fstab(),
            f -> f.addFilesystem(Filesystem.device("/dev/vdb", "none", "swap"))),
        change("fstab as before", Stages.fstab(), f -> f.uuid(UUID, "/", "ext4", null, 0, 1)),
        change(
            "systemd enable",
            Stages.systemd().enable("a.service"),
            s -> s.addEnabledServices("b.service")),
        change("systemd disable", Stages.systemd(), s -> s.disable("a.service")),
        change("systemd mask", Stages.systemd(), s -> s.addMaskedServices("a.service")),
        change("systemd target", Stages.systemd(), s -> s.withDefaultTarget("multi-user.target")),
        change(
            "kernel-cmdline root",
            Stages.kernelCmdline(null, "quiet"),
            k -> k.withRootFsUuid(UUID)),
        change(
            "kernel-cmdline options",
            Stages.kernelCmdline(UUID, null),
            k -> k.withKernelOpts("quiet")),
        change("mkdir", Stages.mkdir(), m -> m.addDirectory(Directory.of("/srv"))),
        change("mkdir as before", Stages.mkdir(), m -> m.path("/srv", 0755, false, true)),
        change("chmod", Stages.chmod(), c -> c.withItem("/etc", "0755")),
        change(
            "chmod replacing an item",
            Stages.chmod().withItem("/etc", "0755"),
            c -> c.withItem("/etc", "0700", true)),
        change("copy", Stages.copy(), c -> c.addFile(InlineFile.text("/etc/motd", "hi\n"))),
        change("copy as before", Stages.copy(), c -> c.bytes("/x", new byte[] {1}, 0644)),
        change("grub2 options", Stages.grub2(UUID), g -> g.withKernelOpts("quiet")),
        change("grub2 timeout", Stages.grub2(UUID), g -> g.timeout(5)),
        change("grub2 serial", Stages.grub2(UUID), g -> g.serialConsole()),
        change(
            "mmdebstrap variant",
            Stages.mmdebstrap("bookworm"),
            m -> m.withVariant(MmdebstrapOptions.Variant.APT)),
        change(
            "mmdebstrap include",
            Stages.mmdebstrap("bookworm").withInclude("a"),
            m -> m.addInclude("b")),
        change(
            "mmdebstrap replaced include",
            Stages.mmdebstrap("bookworm").withInclude("a"),
            m -> m.withInclude("b")),
        change(
            "mmdebstrap mirror",
            Stages.mmdebstrap("bookworm"),
            m -> m.withMirror("http://m/debian")),
        change(
            "mmdebstrap refresh",
            Stages.mmdebstrap("bookworm"),
            m -> m.withRefreshPackageLists(false)),
        change("apt packages", Stages.apt("a"), a -> a.addPackages("b")),
        change("apt remove", Stages.apt("a"), a -> a.withRemove("b")),
        change("apt update", Stages.apt(), a -> a.withUpdate(false)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("changes")
  <T extends StageOptions> void aChangeGivesANewValueAndLeavesTheOriginalAsItWas(
      String what, T original, UnaryOperator<T> change) {
    Stage before = original.toStage();

    T changed = change.apply(original);

    assertThat(changed).isNotSameAs(original).isNotEqualTo(original);
    assertThat(changed.toStage()).isNotEqualTo(before);
    assertThat(original.toStage()).isEqualTo(before);
  }

  @Test
  void theSameChangeTwiceGivesEqualValues() {
    MmdebstrapOptions base = Stages.mmdebstrap("bookworm").withVariant("minbase");

    assertThat(base.addInclude("udev"))
        .isEqualTo(base.addInclude("udev"))
        .hasSameHashCodeAs(base.addInclude("udev"))
        .isNotEqualTo(base.addInclude("systemd"));
  }

  @Test
  void anArrayChangedAfterItWasGivenDoesNotChangeTheValue() {
    String[] packages = {"openssh-server"};
    AptOptions apt = Stages.apt(packages);
    MmdebstrapOptions mmdebstrap = Stages.mmdebstrap("bookworm").withInclude(packages);

    packages[0] = "telnetd";

    assertThat(apt).isEqualTo(Stages.apt("openssh-server"));
    assertThat(mmdebstrap).isEqualTo(Stages.mmdebstrap("bookworm").withInclude("openssh-server"));
  }

  @Test
  void aListGivenToAUserIsCopied() {
    List<String> groups = new ArrayList<>(List.of("sudo"));
    User user = new User(null, null, groups, null, null, null, null, null, null, null);

    groups.add("root");

    assertThat(user.groups()).containsExactly("sudo");
  }

  @Test
  void theSettingsOfEntriesAreImmutableToo() {
    User none = User.defaults();
    Filesystem root = Filesystem.uuid(UUID, "/", "ext4");
    Directory srv = Directory.of("/srv");
    InlineFile motd = InlineFile.text("/etc/motd", "hi\n");

    assertThat(none.withUid(1000).uid()).isEqualTo(1000L);
    assertThat(root.withPassno(1).passno()).isEqualTo(1);
    assertThat(srv.withMode(0700).mode()).isEqualTo(0700);
    assertThat(motd.withMode(0600).mode()).isEqualTo(0600);
    assertThat(none).isEqualTo(User.defaults());
    assertThat(root).isEqualTo(Filesystem.uuid(UUID, "/", "ext4"));
    assertThat(srv).isEqualTo(Directory.of("/srv"));
    assertThat(motd).isEqualTo(InlineFile.text("/etc/motd", "hi\n"));
  }
}
