package org.osbuildj.examples.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad remote store options: exit status 2, one message naming the option, the store untouched. */
class RemoteStoreOptionsTest {
  static final Path SAMPLE = Path.of("samples/hostname-tar.json").toAbsolutePath();

  @TempDir Path dir;

  private void refused(String message, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--isolation",
                "host",
                "--store",
                dir.resolve("store").toString(),
                "-o",
                dir.resolve("out").toString()));
    args.addAll(List.of(options));
    args.add(SAMPLE.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            args.toArray(String[]::new));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("osbuild: " + message + "\n");
    assertThat(status).isEqualTo(2);
    assertThat(dir.resolve("store")).doesNotExist();
  }

  @Test
  void aRemoteStoreThatIsNoOciAddressIsRefused() {
    refused(
        "--remote-store https://h/r: a remote store is oci://HOST[:PORT]/REPOSITORY, not"
            + " 'https://h/r'",
        "--remote-store",
        "https://h/r");
    refused(
        "--remote-store oci://h:5000: a remote store is oci://HOST[:PORT]/REPOSITORY (the"
            + " repository is missing): 'oci://h:5000'",
        "--remote-store",
        "oci://h:5000");
  }

  @Test
  void remoteStoreOptionsWithoutARemoteStoreAreRefused() {
    refused(
        "the --remote-store-* options need --remote-store oci://HOST/REPO",
        "--remote-store-pull-only");
  }

  @Test
  void aMissingCaFileIsRefused() {
    Path ca = dir.resolve("no-ca.pem");
    refused(
        "--remote-store-ca " + ca + ": no such readable file",
        "--remote-store",
        "oci://h/r",
        "--remote-store-ca",
        ca.toString());
  }
}
