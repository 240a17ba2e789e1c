package org.osbuildj.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.pipeline.Pipeline;

/**
 * What a manifest's bytes may be: UTF-8 text of Unicode characters, from a file of bounded size.
 */
class ManifestInputTest {
  @TempDir Path dir;

  private static final String NOOP_WITH =
      "{\"stages\": [{\"name\": \"org.osbuild.noop\", \"options\": %s}]}";

  private static InvalidManifestException invalid(String json) {
    return catchThrowableOfType(InvalidManifestException.class, () -> Manifest.load(json));
  }

  @Test
  void aLoneSurrogateInAStringIsRefusedWithItsJsonPath() {
    InvalidManifestException e =
        invalid(String.format(NOOP_WITH, "{\"x\": [\"ok\", \"a\\ud800b\"]}"));

    assertThat(e).isNotNull();
    assertThat(e.problems())
        .containsExactly(
            new Problem(
                ".stages[0].options.x[1]",
                "the string holds a lone surrogate \\ud800 at character 2: JSON text must be"
                    + " Unicode, and a \\ud800-\\udfff escape that is not half of a pair is not"));
  }

  @Test
  void aLoneSurrogateInAKeyOrTheTopLevelIsRefused() {
    assertThat(invalid(String.format(NOOP_WITH, "{\"k\\udc00\": 1}")).problems())
        .extracting(Problem::path, p -> p.message().startsWith("the key \"k\\udc00\" holds"))
        .containsExactly(org.assertj.core.groups.Tuple.tuple(".stages[0].options", true));
    assertThat(invalid("{\"name\": \"\\udbff\", \"stages\": []}").problems())
        .extracting(Problem::path)
        .containsExactly(".name");
  }

  @Test
  void aSurrogatePairIsACharacterLikeAnyOther() {
    Pipeline pipeline =
        Manifest.load(String.format(NOOP_WITH, "{\"x\": \"\\ud83d\\ude00 \ud83d\ude00\"}"))
            .pipeline();

    assertThat(pipeline.stages().get(0).options().string("x"))
        .isEqualTo("\ud83d\ude00 \ud83d\ude00");
  }

  @Test
  void aNumberWhoseExponentDoesNotFitAnIntIsRefused() {
    // Found by ManifestFuzzTest: Jackson throws a NumberFormatException, no JSON error, for it.
    InvalidManifestException e =
        invalid(String.format(NOOP_WITH, "{\"x\": 298578251E+2590093509}"));

    assertThat(e).isNotNull();
    assertThat(e.problems())
        .extracting(Problem::path, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                ".",
                "not valid JSON: the number 298578251E+2590093509 is out of range (its exponent"
                    + " is beyond what any number here can hold)"));
  }

  @Test
  void bytesThatAreNotUtf8AreRefusedNamingTheFileAndTheByteOffset() throws Exception {
    Path file = dir.resolve("bad.json");
    byte[] text =
        "{\"stages\": [\n {\"name\": \"org.osbuild.noop\", \"options\": {\"x\": \"aXb\"}}]}"
            .getBytes(StandardCharsets.US_ASCII);
    int offset = new String(text, StandardCharsets.US_ASCII).indexOf('X');
    text[offset] = (byte) 0xff;
    Files.write(file, text);

    Throwable thrown = catchThrowable(() -> Manifest.load(file));

    assertThat(thrown)
        .isInstanceOf(InvalidManifestException.class)
        .hasMessage(
            "invalid manifest "
                + file
                + ":\n  .: not valid UTF-8: byte 0xff at byte offset "
                + offset
                + " (line 2, byte "
                + (offset - 12)
                + " of the line)");
  }

  @Test
  void aDeviceIsRefusedBeforeAnyOfItIsRead() {
    Throwable thrown =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () -> catchThrowable(() -> Manifest.load(Path.of("/dev/zero"))));

    assertThat(thrown)
        .isInstanceOf(FileSystemException.class)
        .hasMessage(
            "/dev/zero: not a regular file but a device, FIFO or socket; give a manifest file,"
                + " or - for standard input");
  }

  @Test
  void aFileLargerThan64MibIsRefusedWithoutReadingIt() throws Exception {
    Path file = dir.resolve("huge.json");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength((64L << 20) + 1);
    }

    assertThat(catchThrowable(() -> Manifest.load(file)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("invalid manifest " + file)
        .hasMessageContaining("the manifest is 67108865 bytes long; at most 64 MiB is read");
  }

  @Test
  void anEndlessStreamIsRefusedAfter64Mib() {
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return ' ';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) ' ');
            return len;
          }
        };

    Throwable thrown =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20), () -> catchThrowable(() -> Manifest.load(endless)));

    assertThat(thrown)
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageContaining("more than 67108864 bytes long; at most 64 MiB is read");
  }

  @Test
  void theLimitAndTheChecksHoldForPipelinesReadAloneToo() throws Exception {
    Path file = dir.resolve("surrogate.json");
    Files.writeString(file, String.format(NOOP_WITH, "{\"x\": \"\\ud800\"}"));

    assertThat(catchThrowable(() -> Manifest.read(file)))
        .isInstanceOf(InvalidManifestException.class)
        .hasMessageStartingWith("invalid manifest " + file + ":\n  .stages[0].options.x: ");
  }
}
