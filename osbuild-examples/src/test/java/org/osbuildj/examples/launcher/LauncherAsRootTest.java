package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.osbuildj.examples.assertions.OsbuildAssertions.assertThatTar;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.testing.TreeFixtures;
import org.osbuildj.examples.boot.HostMounts;
import org.osbuildj.isolation.linux.NamespaceIsolation;

/** The launcher as root, with its defaults: the namespace isolation and the layered store. */
@Tag("root")
class LauncherAsRootTest {
  static final Path SAMPLES = Path.of("samples").toAbsolutePath();

  @TempDir Path dir;
  HostMounts before;

  @BeforeEach
  void assumeRoot() throws Exception {
    assumeThat(TreeFixtures.runningAsRoot()).as("these tests run the launcher as root").isTrue();
    assumeThat(NamespaceIsolation.isAvailable())
        .as("the namespace isolation is available")
        .isTrue();
    before = HostMounts.capture();
  }

  private static List<String> javaLauncher(String... args) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    argv.addAll(List.of(args));
    return argv;
  }

  private Path stage(String name, String script) throws Exception {
    Path stages = Files.createDirectories(dir.resolve("lib/stages"));
    Path stage = stages.resolve(name);
    Files.writeString(stage, script);
    Files.setPosixFilePermissions(stage, PosixFilePermissions.fromString("rwxr-xr-x"));
    return dir.resolve("lib");
  }

  @Test
  void theExternalStageSampleBuildsThroughTheNamespaceIsolation() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            "--store",
            dir.resolve("store").toString(),
            "-l",
            SAMPLES.resolve("libdir").toString(),
            "-o",
            dir.resolve("out").toString(),
            "-v",
            SAMPLES.resolve("external-stage.json").toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("isolation namespace")
        .contains("| greeting written: hello from a shell stage");
    assertThatTar(dir.resolve("out/external.tar"))
        .hasEntry("./etc/greeting")
        .withContent("hello from a shell stage\n")
        .and()
        .hasEntry("./etc/hostname")
        .withContent("external\n");
    assertThat(HostMounts.capture()).isEqualTo(before);
  }

  @Test
  void aSeedStyleStageImportsItsLibdirsModuleThroughTheStagesLinkAsInTheSeed() throws Exception {
    // The seed's layout: stages/osbuild -> ../osbuild, and a stage that imports it.
    Path lib =
        stage(
            "org.example.importing",
            """
            #!/usr/bin/python3
            import json, os, sys
            import osbuild
            args = json.load(sys.stdin)
            with open(os.path.join(args["tree"], "imported"), "w") as f:
                f.write(osbuild.GREETING + " from " + os.path.dirname(sys.argv[0]) + "\\n")
            """);
    Path module = Files.createDirectories(lib.resolve("osbuild"));
    Files.writeString(module.resolve("__init__.py"), "GREETING = 'imported'\n");
    Files.createSymbolicLink(lib.resolve("stages/osbuild"), Path.of("../osbuild"));
    Path manifest = dir.resolve("importing.json");
    Files.writeString(
        manifest,
        "{\"stages\": [{\"name\": \"org.example.importing\"}],"
            + " \"assembler\": {\"name\": \"org.osbuild.tar\", \"options\": {\"filename\": \"t.tar\"}}}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        Main.run(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            "--store",
            dir.resolve("store").toString(),
            "-l",
            lib.toString(),
            "-o",
            dir.resolve("out").toString(),
            manifest.toString());

    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThatTar(dir.resolve("out/t.tar"))
        .hasEntry("./imported")
        .withContent("imported from /run/osbuild/lib/stages\n");
  }

  @Test
  void twoLaunchersBuildingTheSameManifestIntoOneStoreAtOnceBothSucceed() throws Exception {
    Path store = dir.resolve("store");
    List<Process> launchers = new ArrayList<>();
    for (String out : List.of("a", "b")) {
      launchers.add(
          new ProcessBuilder(
                  javaLauncher(
                      "--store",
                      store.toString(),
                      "-o",
                      dir.resolve(out).toString(),
                      SAMPLES.resolve("hostname-tar.json").toString()))
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(out + ".log").toFile())
              .start());
    }
    for (Process launcher : launchers) {
      assertThat(launcher.waitFor(5, TimeUnit.MINUTES)).isTrue();
    }

    for (int i = 0; i < 2; i++) {
      assertThat(launchers.get(i).exitValue())
          .as(Files.readString(dir.resolve(List.of("a", "b").get(i) + ".log")))
          .isZero();
    }
    assertThat(Files.readAllBytes(dir.resolve("a/tree.tar.gz")))
        .isEqualTo(Files.readAllBytes(dir.resolve("b/tree.tar.gz")));
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    Main.run(
        new PrintStream(list, true, StandardCharsets.UTF_8),
        System.err,
        Map.of(),
        "store",
        "list",
        "--store",
        store.toString());
    assertThat(list.toString(StandardCharsets.UTF_8)).contains("5 trees and images");
    for (String id : Manifest.read(SAMPLES.resolve("hostname-tar.json")).stageIds()) {
      assertThat(list.toString(StandardCharsets.UTF_8)).containsOnlyOnce(id);
    }
  }

  @Test
  void aLauncherKilledInTheMiddleOfAStageLeavesNothingBehindAndTheNextBuildSucceeds()
      throws Exception {
    // The stage becomes a sleep whose argv[0] is the marker: the test sees it running before it
    // kills the launcher, and can tell whether it outlived the launcher.
    String marker = "osbuildj-killed-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    Path lib =
        stage("org.example.hang", "#!/bin/bash\necho started\nexec -a " + marker + " sleep 600\n");
    Path manifest = dir.resolve("hang.json");
    Files.writeString(
        manifest,
        "{\"stages\": [{\"name\": \"org.osbuild.hostname\", \"options\": {\"hostname\": \"k\"}},"
            + " {\"name\": \"org.example.hang\"}]}");
    Path store = dir.resolve("store");
    Process launcher =
        new ProcessBuilder(
                javaLauncher(
                    "--store", store.toString(), "-l", lib.toString(), "-v", manifest.toString()))
            .redirectErrorStream(true)
            .start();
    try {
      killedMidStage(launcher, marker, store);
    } finally {
      launcher.destroyForcibly();
      StageProcess.kill(marker);
    }
  }

  private void killedMidStage(Process launcher, String marker, Path store) throws Exception {
    StringBuilder seen = new StringBuilder();
    var out =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null && !line.contains("| started"); ) {
      seen.append(line).append('\n');
    }
    List<String> running = StageProcess.await(marker, true);
    assertThat(running)
        .as("the stage runs, as a sleep, when the launcher is killed; the launcher said:\n%s", seen)
        .containsExactly("sleep");
    assertThat(launcher.isAlive()).as(seen.toString()).isTrue();

    launcher.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
    assertThat(launcher.waitFor(1, TimeUnit.MINUTES)).isTrue();

    assertThat(StageProcess.await(marker, false))
        .as("processes of the stage left after the launcher was killed")
        .isEmpty();
    assertThat(HostMounts.capture()).as("mounts and loop devices").isEqualTo(before);
    Path next = dir.resolve("next.json");
    Files.writeString(
        next,
        "{\"stages\": [{\"name\": \"org.osbuild.hostname\", \"options\": {\"hostname\": \"k\"}},"
            + " {\"name\": \"org.osbuild.timezone\", \"options\": {\"zone\": \"UTC\"}}]}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            "--store",
            store.toString(),
            next.toString());
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("stage 1/2 org.osbuild.hostname: cached");
    try (var tmp = Files.list(store.resolve("tmp"))) {
      assertThat(tmp).as("the killed build's temporary entries are cleaned").isEmpty();
    }
  }

  @Test
  void binOsbuildRunByAnotherUserThanRootRefusesToBuildAndSaysHowToGoOn() throws Exception {
    // bin/osbuild as it is, in a checkout of its own that the user nobody can read: its launcher
    // jar
    // is made here, naming copies of this test's class path (nobody cannot read ~root/.m2), and is
    // newer than the checkout's sources, so that the script runs it without Maven.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path checkout = dir.resolve("checkout");
    Path bin = Files.createDirectories(checkout.resolve("osbuild-examples/bin"));
    Files.copy(Path.of("bin/osbuild"), bin.resolve("osbuild"));
    Files.createDirectories(checkout.resolve("osbuild-examples/src/main"));
    for (String pom : List.of("pom.xml", "osbuild-examples/pom.xml")) {
      Files.setLastModifiedTime(
          Files.writeString(checkout.resolve(pom), "<project/>\n"),
          java.nio.file.attribute.FileTime.fromMillis(0));
    }
    Path target = Files.createDirectories(checkout.resolve("osbuild-examples/target/lib"));
    launcherJar(target.getParent());
    Path manifest = Files.copy(SAMPLES.resolve("hostname-tar.json"), dir.resolve("manifest.json"));
    Path store = dir.resolve("store");

    Process osbuild =
        new ProcessBuilder(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                "bash",
                bin.resolve("osbuild").toString(),
                "--store",
                store.toString(),
                "-o",
                dir.resolve("out").toString(),
                manifest.toString())
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    osbuild.getOutputStream().close();
    String stdout = new String(osbuild.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int status = osbuild.waitFor();
    String stderr = Files.readString(dir.resolve("stderr"));

    assertThat(status).as("exit status; standard error:\n%s", stderr).isEqualTo(2);
    assertThat(stderr)
        .isEqualTo(
            "osbuild: stages run isolated in private namespaces, which needs root: run as root, or"
                + " pass --isolation host to run stages unisolated on this machine (only for"
                + " trusted stages that run no commands in the tree)\n");
    assertThat(stdout).isEmpty();
    assertThat(store).as("the store").doesNotExist();
    assertThat(dir.resolve("out")).as("the output directory").doesNotExist();
  }

  /**
   * Writes {@code osbuild-launcher.jar} into {@code target}: no classes, a Class-Path naming copies
   * of this test's class path entries under {@code target/classpath}.
   */
  private static void launcherJar(Path target) throws Exception {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    int n = 0;
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      Path source = Path.of(entry);
      if (!Files.exists(source)) {
        continue;
      }
      String name = "classpath/" + n++ + (Files.isDirectory(source) ? "/" : ".jar");
      Path copy = target.resolve(name);
      Files.createDirectories(copy.getParent());
      if (Files.isDirectory(source)) {
        try (var files = Files.walk(source)) {
          for (Path file : files.toList()) {
            Path to = copy.resolve(source.relativize(file).toString());
            if (Files.isDirectory(file)) {
              Files.createDirectories(to);
            } else {
              Files.copy(file, to);
            }
          }
        }
      } else {
        Files.copy(source, copy);
      }
      entries.add(name);
    }
    java.util.jar.Manifest manifest = new java.util.jar.Manifest();
    manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest
        .getMainAttributes()
        .put(java.util.jar.Attributes.Name.CLASS_PATH, String.join(" ", entries));
    try (var jar =
        new java.util.jar.JarOutputStream(
            Files.newOutputStream(target.resolve("osbuild-launcher.jar")), manifest)) {
      // The manifest is all it holds.
    }
  }

  @Test
  void onATerminalTheProgressLineShowsABarWhilePackagesAreInstalled() throws Exception {
    // Prints what apt prints while installing, slowly enough for the status line to be drawn.
    Path lib =
        stage(
            "org.example.fake-apt",
            """
        #!/bin/sh
        cat >/dev/null
        echo "0 upgraded, 2 newly installed, 0 to remove and 0 not upgraded."
        for step in "Unpacking hello (2.10-3) ..." "Unpacking cowsay (3.03) ..." "Setting up hello (2.10-3) ..." \\
            "Setting up cowsay (3.03) ..."; do
          echo "$step"; sleep 1.2
        done
        """);
    Path manifest = dir.resolve("fake-apt.json");
    Files.writeString(manifest, "{\"stages\": [{\"name\": \"org.example.fake-apt\"}]}");
    String command =
        String.join(
                " ",
                javaLauncher(
                    "--store",
                    dir.resolve("store").toString(),
                    "-l",
                    lib.toString(),
                    "--progress=term",
                    manifest.toString()))
            .replace("*", "\\*");
    Path typescript = dir.resolve("typescript");

    // script(1) gives the launcher a pseudo-terminal and records everything it drew.
    Process script =
        new ProcessBuilder("script", "-qfec", command, typescript.toString())
            .redirectErrorStream(true)
            .start();
    script.getOutputStream().close();
    String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(script.waitFor()).as(output).isZero();
    String drawn = Files.readString(typescript);

    assertThat(drawn)
        .contains("stage 1/1 org.example.fake-apt  00:0")
        .containsPattern("\\[#{6}-{18}\\]  25%  unpacking hello")
        .containsPattern("\\[#{24}\\] 100%  setting up cowsay")
        .contains("\r\u001b[K  stage 1/1 org.example.fake-apt: done in");
  }

  /** The host's processes whose argv[0] is a marker, read from /proc. */
  static final class StageProcess {
    private StageProcess() {}

    /**
     * The names ({@code comm}) of the processes whose argv[0] is {@code marker}, once some are
     * there ({@code present}) or none are; after half a minute, whatever there is then.
     */
    static List<String> await(String marker, boolean present) throws Exception {
      List<String> found = find(marker);
      for (int i = 0; i < 300 && found.isEmpty() == present; i++) {
        Thread.sleep(100);
        found = find(marker);
      }
      return found;
    }

    static List<String> find(String marker) throws java.io.IOException {
      return List.copyOf(byPid(marker).values());
    }

    /** Kills what a failing test left running, so that it does not sleep on for minutes. */
    static void kill(String marker) throws java.io.IOException {
      byPid(marker)
          .keySet()
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private static Map<Long, String> byPid(String marker) throws java.io.IOException {
      Map<Long, String> names = new java.util.TreeMap<>();
      try (var entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path process : entries) {
          try {
            String argv0 = Files.readString(process.resolve("cmdline")).split("\0", 2)[0];
            if (argv0.equals(marker)) {
              names.put(
                  Long.parseLong(process.getFileName().toString()),
                  Files.readString(process.resolve("comm")).strip());
            }
          } catch (java.io.IOException e) {
            // The process ended while we looked.
          }
        }
      }
      return names;
    }
  }
}
