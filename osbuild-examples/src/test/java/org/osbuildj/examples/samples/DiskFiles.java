package org.osbuildj.examples.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads files of a built disk image's root filesystem without mounting it. */
final class DiskFiles {
  private DiskFiles() {}

  /**
   * A file of the root filesystem of a qcow2 disk whose first partition starts at 1 MiB (as every
   * disk assembler here places it), read with debugfs from a raw copy.
   */
  static String rootFileOf(Path qcow2, String path) throws Exception {
    Path raw = Files.createTempFile(qcow2.getParent(), "check-", ".raw");
    run("qemu-img", "convert", "-O", "raw", qcow2.toString(), raw.toString());
    try {
      return run("debugfs", "-R", "cat " + path, raw + "?offset=1048576");
    } finally {
      Files.delete(raw);
    }
  }

  private static String run(String... argv) throws Exception {
    Process process =
        new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", argv)).isZero();
    return out;
  }
}
