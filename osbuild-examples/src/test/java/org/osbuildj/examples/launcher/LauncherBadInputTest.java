package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the command line or in the manifest: exit status 2, one clear message naming the
 * option, file or field and what was expected, no stack trace, no hang, nothing written to the
 * store, and all of it found before any stage runs.
 */
class LauncherBadInputTest {
  static final Path SAMPLE = Path.of("samples/hostname-tar.json").toAbsolutePath();

  @TempDir Path dir;

  record Run(int status, String stdout, String stderr) {}

  Run osbuild(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60),
            () ->
                Main.run(
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    Map.of(),
                    args));
    return new Run(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A build through the host isolation into the store dir/store, with these extra options. */
  Run build(Path manifest, String... options) {
    List<String> args =
        new ArrayList<>(List.of("--isolation", "host", "--store", store().toString()));
    args.addAll(List.of(options));
    args.add(manifest.toString());
    return osbuild(args.toArray(String[]::new));
  }

  Path store() {
    return dir.resolve("store");
  }

  /** Exit status 2 with exactly this message on standard error, and nothing else done. */
  void refused(Run run, String message) {
    assertThat(run.stderr()).isEqualTo("osbuild: " + message + "\n");
    assertThat(run.status()).isEqualTo(2);
    assertThat(store()).doesNotExist();
  }

  @Test
  void aManifestWithBytesThatAreNotUtf8IsRefusedNamingTheFileAndTheOffset() throws Exception {
    Path manifest = dir.resolve("latin1.json");
    Files.write(
        manifest,
        "{\"stages\": [{\"name\": \"org.osbuild.noop\", \"options\": {\"x\": \"caf\u00e9\"}}]}"
            .getBytes(StandardCharsets.ISO_8859_1));

    refused(
        build(manifest, "-o", dir.resolve("out").toString()),
        "invalid manifest "
            + manifest
            + ":\n  .: not valid UTF-8: byte 0xe9 at byte offset 62 (line 1, byte 63 of the line)");
  }

  @Test
  void aManifestWithALoneSurrogateIsRefusedNamingTheFileAndTheJsonPath() throws Exception {
    Path manifest = dir.resolve("surrogate.json");
    Files.writeString(
        manifest,
        "{\"stages\": [{\"name\": \"org.osbuild.hostname\", \"options\": {\"hostname\": \"a\"}},"
            + " {\"name\": \"org.osbuild.noop\", \"options\": {\"x\": \"\\ud800\"}}]}");

    refused(
        build(manifest, "-o", dir.resolve("out").toString()),
        "invalid manifest "
            + manifest
            + ":\n  .stages[1].options.x: the string holds a lone surrogate \\ud800 at character"
            + " 1: JSON text must be Unicode, and a \\ud800-\\udfff escape that is not half of a"
            + " pair is not");
  }

  @Test
  void aManifestThatIsADeviceIsRefusedWithoutReadingIt() {
    refused(
        build(Path.of("/dev/zero"), "-o", dir.resolve("out").toString()),
        "cannot read the manifest /dev/zero: not a regular file but a device, FIFO or socket;"
            + " give a manifest file, or - for standard input");
  }

  @Test
  void anOutputThatIsARegularFileIsRefusedBeforeAnyStageRuns() throws Exception {
    Path file = Files.writeString(dir.resolve("out"), "mine\n");

    refused(
        build(SAMPLE, "-o", file.toString()),
        "-o " + file + ": not a directory but a regular file; give a directory");
    assertThat(file).hasContent("mine");
  }

  @Test
  void aStoreThatIsARegularFileIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("store-file"), "");

    Run run =
        osbuild(
            "--isolation",
            "host",
            "--store",
            file.toString(),
            "-o",
            dir.resolve("out").toString(),
            SAMPLE.toString());

    refused(run, "--store " + file + ": not a directory but a regular file; give a directory");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void anEmptyStoreOrOutputIsRefusedRatherThanTakenForTheCurrentDirectory() {
    refused(build(SAMPLE, "-o", ""), "-o is empty; give a directory (\".\" for the current one)");
    refused(
        osbuild("--isolation", "host", "--store", "", "-o", dir.toString(), SAMPLE.toString()),
        "--store is empty; give a directory (\".\" for the current one)");
  }

  @Test
  void aLibdirThatIsMissingAFileOrHoldsNoStepsIsRefused() throws Exception {
    Path missing = dir.resolve("nonexistent");
    Path file = Files.writeString(dir.resolve("lib-file"), "");
    Path empty = Files.createDirectories(dir.resolve("empty-lib"));

    refused(
        build(SAMPLE, "--inspect", "-l", missing.toString()),
        "-l " + missing + ": no such directory");
    refused(
        build(SAMPLE, "--inspect", "-l", file.toString()),
        "-l " + file + ": not a directory but a regular file; give a directory");
    refused(
        build(SAMPLE, "--inspect", "-l", empty.toString()),
        "-l "
            + empty
            + ": holds neither stages/ nor assemblers/; a libdir has its stages in"
            + " DIR/stages/<name> and its assemblers in DIR/assemblers/<name>");
  }

  @Test
  void aStageTimeoutThatIsNotAPositiveNumberOfSecondsIsRefused() {
    for (String value : List.of("-1", "0", "31536001")) {
      refused(
          build(SAMPLE, "-o", dir.resolve("out").toString(), "--stage-timeout", value),
          "--stage-timeout "
              + value
              + ": expected a whole number of seconds from 1 to 31536000 (a year)");
    }
    Run notANumber = build(SAMPLE, "-o", dir.resolve("out").toString(), "--stage-timeout", "5s");
    assertThat(notANumber.status()).isEqualTo(2);
    assertThat(notANumber.stderr()).startsWith("Invalid value for option '--stage-timeout': '5s'");
    assertThat(store()).doesNotExist();
  }

  @Test
  void storeListOnARegularFileSaysSoWithoutAStackTrace() throws Exception {
    Path file = Files.writeString(dir.resolve("store-file"), "");

    Run run = osbuild("store", "list", "--store", file.toString());

    assertThat(run.stderr())
        .isEqualTo(
            "osbuild: --store "
                + file
                + ": not a directory but a regular file; give a directory\n");
    assertThat(run.status()).isEqualTo(2);
  }

  @Test
  void lookingAtAStoreThatIsNotThereMakesNone() {
    for (String command : List.of("list", "prune", "clear")) {
      List<String> args = new ArrayList<>(List.of("store", command, "--store", store().toString()));
      if (command.equals("prune")) args.addAll(List.of("--max-size", "1G"));

      Run run = osbuild(args.toArray(String[]::new));

      assertThat(run.status()).as(command + ": " + run.stderr()).isZero();
      assertThat(run.stdout()).isEqualTo("no store at " + store() + ": nothing is stored there\n");
      assertThat(store()).as(command).doesNotExist();
    }
  }
}
