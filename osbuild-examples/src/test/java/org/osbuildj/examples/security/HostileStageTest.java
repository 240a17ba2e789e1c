package org.osbuildj.examples.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osbuildj.core.event.BuildEvent;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Pipeline;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.SnapshotMode;

/**
 * A hostile manifest or external stage, run as root through the library with the namespace
 * isolation, attacks the sandbox; every attack must fail and leave the host as it was.
 *
 * <p>Safety: the sandbox under test may be broken, so every attack aims only at sacrificial targets
 * this test makes: marker paths under a fresh {@code @TempDir}, the stage's own stages directory, a
 * build root built for the test, a {@code sleep} started for the test, and {@code vm.swappiness}
 * written back with the value just read from it. A working escape makes a test fail; it never harms
 * the machine. The external stages are python3 scripts made of {@code security/preamble.py}, the
 * test's {@code main()} and {@code security/epilogue.py}: they record what each attempt gave (the
 * errno's name, or "ok") in {@code result.json} of the tree, which the test reads from the store
 * afterwards. Where a tree has no python, the static program {@code security/hostile.c} does the
 * same.
 */
@Tag("root")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileStageTest {
  /** The errors that mean "not allowed" for a write, a mount or a remount. */
  private static final Set<String> REFUSED = Set.of("EPERM", "EACCES", "EROFS");

  /** The kernel may finish releasing a namespace's mounts just after the sandbox thread is gone. */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  private static final long JVM_PID = ProcessHandle.current().pid();

  @TempDir static Path programs;
  @TempDir Path dir;

  private final String token = UUID.randomUUID().toString();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private HostMounts before;
  private Process victim;
  private FileStore store;

  @BeforeEach
  void assumeRootAndRecordTheHost() throws Exception {
    assumeThat(TreeFixtures.runningAsRoot())
        .as("skipped: these tests attack the sandbox as root, and this is not root")
        .isTrue();
    assumeThat(NamespaceIsolation.isAvailable())
        .as(
            "skipped: the namespace isolation is not available: "
                + NamespaceIsolation.unavailability().orElse("?"))
        .isTrue();
    before = HostMounts.capture();
  }

  @AfterEach
  void theHostIsLeftAsItWas() throws Exception {
    if (victim != null) {
      victim.destroyForcibly();
      victim.waitFor(10, TimeUnit.SECONDS);
    }
    if (before == null) {
      return;
    }
    long limit = System.nanoTime() + SETTLE.toNanos();
    HostMounts after = HostMounts.capture();
    while (!after.equals(before) && System.nanoTime() < limit) {
      Thread.sleep(20);
      after = HostMounts.capture();
    }
    List<String> left =
        ProcessHandle.allProcesses()
            .filter(p -> p.info().commandLine().map(c -> c.contains(token)).orElse(false))
            .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
            .toList();
    if (!after.equals(before) || !left.isEmpty()) {
      TreeSet<String> added = new TreeSet<>(after.lines());
      before.lines().forEach(added::remove);
      TreeSet<String> removed = new TreeSet<>(before.lines());
      after.lines().forEach(removed::remove);
      fail(
          "the test left the host changed:\n  mounts or loop devices added: "
              + added
              + "\n  removed: "
              + removed
              + "\n  processes of the stage still running: "
              + left);
    }
  }

  @Test
  void aStageCannotRemountItsReadOnlyStagesDirectoryWritableAndWriteIntoIt() throws Exception {
    String sentinel = "sacrificial-" + token;
    Path stages = Files.createDirectories(dir.resolve("lib/stages"));
    Files.writeString(stages.resolve(sentinel), "a file of the sacrificial stages directory\n");
    JsonNode result =
        attack(
            """
        def main():
            # The stage's own stages directory, inside the read-only bind of the test's libdir
            # (the mount point is the libdir itself).
            inputs = os.path.dirname(os.path.abspath(sys.argv[0]))
            mount_point = os.path.dirname(inputs)
            RESULT["inputs"] = inputs
            if not os.path.isfile(os.path.join(inputs, OPTIONS["sentinel"])):
                RESULT["unsafe"] = inputs + " is not the sacrificial stages directory: nothing attempted"
                return
            marker = os.path.join(inputs, OPTIONS["marker"])
            RESULT["write_before"] = outcome(lambda: create(marker + "-before"))
            RESULT["remount_bind_rw"] = outcome(lambda: mount(None, mount_point, None, MS_REMOUNT | MS_BIND))
            RESULT["write_after_remount_bind_rw"] = outcome(lambda: create(marker + "-after-remount-bind-rw"))
            RESULT["remount_rw"] = outcome(lambda: mount(None, mount_point, None, MS_REMOUNT))
            RESULT["write_after_remount_rw"] = outcome(lambda: create(marker + "-after-remount-rw"))
            RESULT["mount_command"] = run(["mount", "-o", "remount,bind,rw", mount_point])
            RESULT["write_after_mount_command"] = outcome(lambda: create(marker + "-after-mount-command"))
        """,
            options().put("sentinel", sentinel).put("marker", "marker-" + token));

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(names(stages))
        .as("the stages directory on the host, afterwards; the stage saw: %s", result)
        .containsExactlyInAnyOrder(stageName(), sentinel);
    soft.assertThat(result.path("write_before").asText())
        .as("a write before any remount")
        .isIn(REFUSED);
    soft.assertThat(result.path("remount_bind_rw").asText())
        .as("mount(MS_REMOUNT|MS_BIND) without MS_RDONLY")
        .isIn(REFUSED);
    soft.assertThat(result.path("write_after_remount_bind_rw").asText()).isIn(REFUSED);
    soft.assertThat(result.path("remount_rw").asText())
        .as("mount(MS_REMOUNT) without MS_RDONLY")
        .isIn(REFUSED);
    soft.assertThat(result.path("write_after_remount_rw").asText()).isIn(REFUSED);
    soft.assertThat(result.path("mount_command").path("status").asInt())
        .as("mount -o remount,bind,rw: %s", result.path("mount_command"))
        .isNotZero();
    soft.assertThat(result.path("write_after_mount_command").asText()).isIn(REFUSED);
    soft.assertAll();
  }

  @Test
  void aChrootInsideTheSandboxDoesNotLeadOutToTheHost() throws Exception {
    Path marker = dir.resolve("escaped-" + token);
    JsonNode result =
        attack(
            """
        def main():
            os.chdir(TREE)
            os.mkdir("escape-x")
            RESULT["chroot_into_subdirectory"] = outcome(lambda: os.chroot("escape-x"))
            # No chdir into the new root: the working directory stays outside it, so ".." climbs on.
            RESULT["chdir_up"] = sum(outcome(lambda: os.chdir("..")) == "ok" for _ in range(64))
            RESULT["chroot_dot"] = outcome(lambda: os.chroot("."))
            RESULT["marker_write"] = outcome(lambda: create(OPTIONS["marker"]))
            try:
                RESULT["root_listing"] = ",".join(sorted(os.listdir("/root")))
            except OSError as e:
                RESULT["root_listing"] = errno.errorcode.get(e.errno, str(e.errno))
            RESULT["jvm_cmdline"] = read_text("/proc/%d/cmdline" % OPTIONS["jvmPid"])
            RESULT["pid1_cmdline"] = read_text("/proc/1/cmdline")
        """,
            options().put("marker", marker.toString()).put("jvmPid", JVM_PID));

    assertEscapeFailed(
        marker,
        result.path("marker_write").asText(),
        result.path("root_listing").asText(),
        result.path("jvm_cmdline").asText(),
        result.path("pid1_cmdline").asText(),
        result.toString());
  }

  @Test
  void aManifestWithoutExternalStagesCannotEscapeThroughTheScriptStage() throws Exception {
    // Manifest only, no libdir: org.osbuild.copy plants a static program at /x (content_base64,
    // mode 0755) and a sentinel beside it; org.osbuild.script's "#!/x ARG" line makes the kernel
    // run
    // /x, chrooted in the tree, with ARG. The program tries the escape of the test above; it writes
    // what it saw to /escape-result.txt of the tree (see hostile.c).
    Path marker = dir.resolve("escaped-" + token);
    ObjectNode copy = Json.object();
    ArrayNode files = copy.putArray("files");
    files
        .addObject()
        .put("path", "/x")
        .put(
            "content_base64",
            Base64.getEncoder()
                .encodeToString(Files.readAllBytes(HostileProgram.compiledIn(programs))))
        .put("mode", 0755);
    files.addObject().put("path", "/osbuildj-sacrificial").put("content", token);
    Pipeline pipeline =
        Pipeline.builder()
            .stage(Stage.of("org.osbuild.copy", copy))
            .stage(
                Stage.of(
                    "org.osbuild.script",
                    Json.object()
                        .put("script", "#!/x " + JVM_PID + ":" + token + ":" + marker + "\n")))
            .build();

    Map<String, String> result;
    try (Osbuild osbuild = osbuild(SnapshotMode.COPY, null)) {
      osbuild.build(pipeline, null);
      result =
          HostileProgram.records(
              exported(pipeline.treeId().orElseThrow(), "tree").resolve("escape-result.txt"));
    }

    assertThat(result)
        .as("what the planted program recorded; the stage's log: %s", log)
        .containsKey("marker_write");
    assertEscapeFailed(
        marker,
        result.get("marker_write"),
        result.get("root_listing"),
        result.get("jvm_cmdline"),
        result.get("pid1_cmdline"),
        result.toString());
  }

  @ParameterizedTest(name = "with a store in {0} mode")
  @EnumSource(
      value = SnapshotMode.class,
      names = {"COPY", "OVERLAY"})
  void aStageCannotChangeTheStoredTreeOfItsBuildPipeline(SnapshotMode mode) throws Exception {
    // The build pipeline makes a tiny build root: the directories a sandbox mounts on, an
    // /etc/os-name, and the sentinel the hostile program checks before it writes anything.
    ObjectNode mkdir = Json.object();
    ArrayNode paths = mkdir.putArray("paths");
    for (String path :
        List.of("/dev", "/proc", "/sys", "/tmp", "/run", "/var", "/var/tmp", "/etc")) {
      paths.addObject().put("path", path);
    }
    ObjectNode copy = Json.object();
    copy.putArray("files")
        .add(Json.object().put("path", "/osbuildj-sacrificial").put("content", token))
        .add(Json.object().put("path", "/etc/os-name").put("content", "sacrificial build root\n"));
    Pipeline build =
        Pipeline.builder()
            .stage(Stage.of("org.osbuild.mkdir", mkdir))
            .stage(Stage.of("org.osbuild.copy", copy))
            .build();
    Path stages = Files.createDirectories(dir.resolve("lib/stages"));
    Files.copy(HostileProgram.compiledIn(programs), stages.resolve(stageName()));
    Files.setPosixFilePermissions(
        stages.resolve(stageName()), PosixFilePermissions.fromString("rwxr-xr-x"));
    Pipeline pipeline =
        Pipeline.builder()
            .buildPipeline(build)
            .stage(
                Stage.of(
                    stageName(),
                    Json.object().put("sentinel", token).put("marker", "poison-" + token)))
            .build();

    Map<String, String> storedBefore;
    Map<String, String> storedAfter;
    Map<String, String> result;
    try (Osbuild osbuild = osbuild(mode, dir.resolve("lib"))) {
      osbuild.build(build, null);
      storedBefore = TreeFixtures.snapshot(exported(build.treeId().orElseThrow(), "build-before"));
      osbuild.build(pipeline, null);
      storedAfter = TreeFixtures.snapshot(exported(build.treeId().orElseThrow(), "build-after"));
      result =
          HostileProgram.records(
              exported(pipeline.treeId().orElseThrow(), "tree").resolve("result.txt"));
    }

    assertThat(result)
        .as("what the hostile stage recorded; its log: %s", log)
        .containsEntry("sentinel", "match");
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(storedAfter)
        .as("the stored build tree after the stage ran in it; the stage saw %s", result)
        .isEqualTo(storedBefore);
    soft.assertThat(result.get("write_direct")).as("a new file in /").isIn(REFUSED);
    soft.assertThat(result.get("open_existing_for_writing"))
        .as("/etc/os-name opened for writing")
        .isIn(REFUSED);
    soft.assertThat(result.get("remount_bind_rw")).as("mount -o remount,bind,rw /").isIn(REFUSED);
    soft.assertThat(result.get("write_after_bind_remount")).isIn(REFUSED);
    soft.assertThat(result.get("remount_rw")).as("mount -o remount,rw /").isIn(REFUSED);
    soft.assertThat(result.get("write_after_remount")).isIn(REFUSED);
    soft.assertThat(result.get("write_etc_after_remount")).isIn(REFUSED);
    soft.assertAll();
  }

  @Test
  void aStageCannotWriteToProcSys() throws Exception {
    String swappiness = procFile("/proc/sys/vm/swappiness");
    JsonNode result =
        attack(
            """
        def main():
            path = "/proc/sys/vm/swappiness"
            value = read_text(path)
            RESULT["swappiness_read"] = value
            def write_back_the_same_value():
                fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
                try:
                    # Exactly what was just read, and only a number; else opened, never written.
                    if value.strip().isdigit():
                        os.write(fd, value.encode())
                finally:
                    os.close(fd)
            RESULT["write_swappiness"] = outcome(write_back_the_same_value)
            # Opened, never written to.
            def open_sysrq_trigger():
                fd = os.open("/proc/sysrq-trigger", os.O_WRONLY | os.O_CLOEXEC)
                RESULT["sysrq_trigger_mode"] = oct(os.fstat(fd).st_mode)
                os.close(fd)
            RESULT["open_sysrq_trigger_for_writing"] = outcome(open_sysrq_trigger)
        """,
            options());

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(result.path("write_swappiness").asText())
        .as("writing /proc/sys/vm/swappiness; the stage saw %s", result)
        .isIn(REFUSED);
    String sysrq = result.path("open_sysrq_trigger_for_writing").asText();
    if (sysrq.equals("ok")) {
      // Masked with a device node (as container runtimes do) is fine; the real proc file is not.
      soft.assertThat(result.path("sysrq_trigger_mode").asText())
          .as("what /proc/sysrq-trigger opened as")
          .startsWith("0o20");
    } else {
      soft.assertThat(sysrq)
          .as("opening /proc/sysrq-trigger for writing")
          .isIn(Set.of("ENOENT", "EPERM", "EACCES", "EROFS"));
    }
    soft.assertThat(procFile("/proc/sys/vm/swappiness"))
        .as("the host's swappiness")
        .isEqualTo(swappiness);
    soft.assertAll();
  }

  @Test
  void aStageCannotMountADevtmpfsAndSeeTheHostsBlockDevices() throws Exception {
    JsonNode result =
        attack(
            """
        def main():
            target = os.path.join(TREE, "devtmpfs")
            os.mkdir(target)
            RESULT["mount_devtmpfs"] = outcome(lambda: mount("devtmpfs", target, "devtmpfs", 2 | 8))
            names = sorted(os.listdir(target))
            RESULT["entries_seen"] = len(names)
            RESULT["block_devices_seen"] = [n for n in names if stat.S_ISBLK(os.lstat(os.path.join(target, n)).st_mode)]
            if RESULT["mount_devtmpfs"] == "ok":
                RESULT["umount"] = outcome(lambda: umount(target, MNT_DETACH))
            RESULT["block_devices_in_dev"] = [n for n in sorted(os.listdir("/dev"))
                                              if stat.S_ISBLK(os.lstat(os.path.join("/dev", n)).st_mode)]
        """,
            options());
    Path tree = dir.resolve("exported-tree");

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(result.path("mount_devtmpfs").asText())
        .as("mount -t devtmpfs; the stage saw %s", result)
        .isIn(REFUSED);
    soft.assertThat(result.path("block_devices_seen"))
        .as("block devices in the devtmpfs")
        .isEmpty();
    soft.assertThat(result.path("block_devices_in_dev"))
        .as("block devices in the sandbox's /dev")
        .isEmpty();
    soft.assertThat(names(tree.resolve("devtmpfs")))
        .as("the devtmpfs directory of the stored tree")
        .isEmpty();
    soft.assertThat(blockDevices(tree)).as("block devices in the stored tree").isEmpty();
    soft.assertAll();
  }

  @Test
  void aStageCannotCreateBlockDeviceNodesInItsTree() throws Exception {
    JsonNode result =
        attack(
            """
        def main():
            for name, major, minor in (("loop0", 7, 0), ("sda", 8, 0)):
                node = os.path.join(TREE, name)
                # Never opened: removed at once if it was made.
                RESULT["mknod_" + name] = outcome(lambda: os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(major, minor)))
                if os.path.lexists(node):
                    os.unlink(node)
        """,
            options());
    Path tree = dir.resolve("exported-tree");

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(result.path("mknod_loop0").asText())
        .as("mknod b 7 0 (a loop device); the stage saw %s", result)
        .isEqualTo("EPERM");
    soft.assertThat(result.path("mknod_sda").asText())
        .as("mknod b 8 0 (a host disk)")
        .isEqualTo("EPERM");
    soft.assertThat(blockDevices(tree)).as("block devices in the stored tree").isEmpty();
    soft.assertAll();
  }

  @Test
  void aStageCannotLoadAKernelModule() throws Exception {
    JsonNode result =
        attack(
            """
        def main():
            # An empty file: nothing a kernel could load, even if the call were allowed.
            path = os.path.join(TREE, "empty.ko")
            open(path, "wb").close()
            number = {"x86_64": 313, "aarch64": 273}[platform.machine()]
            fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            try:
                RESULT["finit_module"] = outcome(lambda: check(LIBC.syscall(ctypes.c_long(number), ctypes.c_long(fd),
                                                                            ctypes.c_char_p(b""), ctypes.c_long(0))))
            finally:
                os.close(fd)
                os.unlink(path)
            RESULT.update(capabilities())
        """,
            options());

    String finitModule = result.path("finit_module").asText();
    boolean capSysModuleOnTheHost =
        rootOfTheInitialUserNamespace(result.path("uid_map").asText())
            && (Long.parseUnsignedLong(result.path("CapEff").asText("0"), 16) >>> 16 & 1) == 1;
    assertThat(finitModule)
        .as("finit_module on an empty file; the stage saw %s", result)
        .isNotEqualTo("ok");
    if (!finitModule.equals("EPERM")) {
      // This kernel may have no module support (ENOSYS) and so never check the capability: then
      // the stage must at least not hold CAP_SYS_MODULE in the initial user namespace.
      assertThat(capSysModuleOnTheHost)
          .as(
              "finit_module gave %s, not EPERM, and the stage holds CAP_SYS_MODULE (CapEff %s) in the host's user "
                  + "namespace (uid_map %s): on a kernel with modules it could load one",
              finitModule, result.path("CapEff").asText(), result.path("uid_map").asText().strip())
          .isFalse();
    }
  }

  @Test
  void aStageCannotEnterTheNamespacesOfAHostProcess() throws Exception {
    String jvmNet = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
    String jvmMnt = Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString();
    JsonNode result =
        attack(
            """
        def main():
            pid = OPTIONS["jvmPid"]
            RESULT["jvm_cmdline"] = read_text("/proc/%d/cmdline" % pid)
            def enter(kind, flag):
                fd = os.open("/proc/%d/ns/%s" % (pid, kind), os.O_RDONLY | os.O_CLOEXEC)
                try:
                    check(LIBC.setns(fd, flag))
                finally:
                    os.close(fd)
            RESULT["setns_net"] = outcome(lambda: enter("net", CLONE_NEWNET))
            RESULT["net_namespace_after"] = os.readlink("/proc/self/ns/net")
            RESULT["setns_mnt"] = outcome(lambda: enter("mnt", CLONE_NEWNS))
            RESULT["mnt_namespace_after"] = os.readlink("/proc/self/ns/mnt")
            RESULT["nsenter"] = run(["nsenter", "-t", str(pid), "-n", "-m", "true"])
        """,
            options().put("jvmPid", JVM_PID));

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(result.path("setns_net").asText())
        .as("setns into the JVM's network namespace; the stage saw %s", result)
        .isNotEqualTo("ok");
    soft.assertThat(result.path("net_namespace_after").asText()).isNotEqualTo(jvmNet);
    soft.assertThat(result.path("setns_mnt").asText())
        .as("setns into the JVM's mount namespace")
        .isNotEqualTo("ok");
    soft.assertThat(result.path("mnt_namespace_after").asText()).isNotEqualTo(jvmMnt);
    soft.assertThat(result.path("nsenter").path("status").asInt())
        .as("nsenter -t JVM -n -m true: %s", result.path("nsenter"))
        .isNotZero();
    soft.assertAll();
  }

  @Test
  void aStageCannotKillAHostProcess() throws Exception {
    victim = new ProcessBuilder("sleep", "600").start();
    JsonNode result =
        attack(
            """
        def main():
            pid = OPTIONS["victimPid"]
            RESULT["victim_cmdline"] = read_text("/proc/%d/cmdline" % pid)
            RESULT["kill"] = outcome(lambda: os.kill(pid, signal.SIGKILL))
        """,
            options().put("victimPid", victim.pid()));

    assertThat(victim.waitFor(300, TimeUnit.MILLISECONDS))
        .as("the sacrificial sleep died; the stage saw %s", result)
        .isFalse();
    assertThat(result.path("kill").asText()).as("kill -9 of a host process").isIn("ESRCH", "EPERM");
  }

  @Test
  void aStagesRootIsNotTheHostsRootYetItsFilesAreOwnedByRootOnDisk() throws Exception {
    JsonNode result =
        attack(
            """
        def main():
            # Raising one's own priority needs CAP_SYS_NICE in the initial user namespace.
            RESULT["raise_priority"] = outcome(lambda: os.nice(-1))
            create(os.path.join(TREE, "made-by-the-stage"))
            RESULT["owner_inside"] = os.stat(os.path.join(TREE, "made-by-the-stage")).st_uid
        """,
            options());
    Path made = dir.resolve("exported-tree/made-by-the-stage");

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(hostIdOfSandboxRoot(result.path("uid_map").asText()))
        .as(
            "the host uid of the stage's root, by its /proc/self/uid_map: %s",
            result.path("uid_map").asText().strip())
        .isNotEqualTo(0L);
    soft.assertThat(result.path("raise_priority").asText())
        .as("nice(-1); the stage saw %s", result)
        .isIn("EPERM", "EACCES");
    soft.assertThat(result.path("owner_inside").asInt())
        .as("the owner of its file, as the stage sees it")
        .isZero();
    soft.assertThat(Files.getAttribute(made, "unix:uid", LinkOption.NOFOLLOW_LINKS))
        .as("its owner on disk")
        .isEqualTo(0);
    soft.assertThat(Files.getAttribute(made, "unix:gid", LinkOption.NOFOLLOW_LINKS))
        .as("its group on disk")
        .isEqualTo(0);
    soft.assertAll();
  }

  // ---- helpers ----

  private String stageName() {
    return "org.osbuildj.hostile." + token;
  }

  private static ObjectNode options() throws IOException {
    return Json.object()
        .put("hostMountNamespace", Files.readSymbolicLink(Path.of("/proc/self/ns/mnt")).toString());
  }

  private Osbuild osbuild(SnapshotMode mode, Path libdir) throws IOException {
    store = FileStore.builder(dir.resolve("store")).mode(mode).open();
    Osbuild.Builder builder =
        Osbuild.builder()
            .store(store)
            .isolation(NamespaceIsolation.create())
            .stageTimeout(Duration.ofMinutes(1))
            .listener(
                event -> {
                  if (event instanceof BuildEvent.StepLog line) {
                    log.add(line.line());
                  }
                });
    return (libdir == null ? builder : builder.libdir(libdir)).build();
  }

  /**
   * Runs a one-stage pipeline whose external stage is {@code preamble.py}, {@code main} and {@code
   * epilogue.py}, exports its tree to {@code exported-tree} and returns what the stage recorded.
   * Fails the test, with the stage's log, when the stage could not attack at all.
   */
  private JsonNode attack(String main, ObjectNode options) throws Exception {
    assumeThat(Path.of("/usr/bin/python3"))
        .as(
            "skipped: the hostile stages are python3 scripts, and the host has no "
                + "/usr/bin/python3")
        .isExecutable();
    Path stages = Files.createDirectories(dir.resolve("lib/stages"));
    Path stage = stages.resolve(stageName());
    Files.writeString(
        stage,
        HostileProgram.resource("preamble.py")
            + "\n"
            + main
            + HostileProgram.resource("epilogue.py"));
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
    Pipeline pipeline = Pipeline.builder().stage(Stage.of(stageName(), options)).build();
    JsonNode result;
    try (Osbuild osbuild = osbuild(SnapshotMode.COPY, dir.resolve("lib"))) {
      osbuild.build(pipeline, null);
      Path tree = exported(pipeline.treeId().orElseThrow(), "exported-tree");
      result = Json.mapper().readTree(Files.readString(tree.resolve("result.json")));
    }
    assertThat(result.has("unsafe") || result.has("error"))
        .as("the stage could not attack: %s; its log: %s", result, log)
        .isFalse();
    return result;
  }

  private Path exported(String treeId, String name) throws IOException {
    Path target = dir.resolve(name);
    store.export(treeId, target);
    return target;
  }

  /**
   * What a chroot escape would break: the marker on the host, and the host's /root and processes.
   */
  private static void assertEscapeFailed(
      Path marker,
      String markerWrite,
      String rootListing,
      String jvmCmdline,
      String pid1Cmdline,
      String seen)
      throws IOException {
    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(marker).as("the marker on the host; the stage saw %s", seen).doesNotExist();
    soft.assertThat(markerWrite).as("creating the marker at its host path").isNotEqualTo("ok");
    String hostRoot = String.join(",", names(Path.of("/root")));
    if (!hostRoot.isEmpty()) {
      soft.assertThat(rootListing).as("/root as the stage saw it").isNotEqualTo(hostRoot);
    }
    soft.assertThat(jvmCmdline)
        .as("/proc/<the JVM's pid>/cmdline as the stage saw it")
        .isNotEqualTo(cmdline(Path.of("/proc/self/cmdline")));
    soft.assertThat(pid1Cmdline)
        .as("/proc/1/cmdline as the stage saw it")
        .isNotEqualTo(cmdline(Path.of("/proc/1/cmdline")));
    soft.assertAll();
  }

  /** A file of /proc, whose size says 0: read to its end. */
  private static String procFile(String path) throws IOException {
    try (var in = Files.newInputStream(Path.of(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A process's command line as the stages record it: NULs as spaces. */
  private static String cmdline(Path file) throws IOException {
    return procFile(file.toString()).replace('\0', ' ');
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> blockDevices(Path tree) throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> all = Files.walk(tree)) {
      for (Path path : all.toList()) {
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0170000) == 0060000) {
          found.add(tree.relativize(path).toString());
        }
      }
    }
    return found;
  }

  /** Whether a uid_map is the initial user namespace's: "0 0 4294967295". */
  private static boolean rootOfTheInitialUserNamespace(String uidMap) {
    return uidMap.strip().replaceAll("\\s+", " ").equals("0 0 4294967295");
  }

  /** The host uid that uid 0 inside maps to, by a uid_map; -1 when 0 is not mapped. */
  private static long hostIdOfSandboxRoot(String uidMap) {
    for (String line : uidMap.strip().split("\n")) {
      String[] fields = line.strip().split("\\s+");
      if (fields.length == 3) {
        long inside = Long.parseLong(fields[0]);
        long outside = Long.parseLong(fields[1]);
        long count = Long.parseLong(fields[2]);
        if (inside <= 0 && 0 < inside + count) {
          return outside - inside;
        }
      }
    }
    return -1;
  }
}
