package org.osbuildj.isolation.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecResult;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;
import org.osbuildj.isolation.testing.RootTest;

/** The seed's loop-device socket, spoken to by a Python client in the sandbox. */
@RootTest
class RemoteLoopTest {
  @TempDir Path tree;
  @TempDir Path output;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private NamespaceIsolation isolation;

  @BeforeEach
  void setUp() throws IOException {
    isolation = NamespaceIsolation.create();
    try (InputStream client = getClass().getResourceAsStream("/remoteloop/client.py")) {
      Files.write(tree.resolve("client.py"), client.readAllBytes());
    }
  }

  private SandboxSpec assembler() {
    return SandboxSpec.forAssembler(new TreeMount.Directory(tree), output, log::add)
        .withLoopDevices(true);
  }

  private ExecResult client(SandboxSpec spec, String image, String mode) throws Exception {
    return isolation.run(
        spec,
        sandbox ->
            sandbox.exec(
                Command.of(
                    "python3",
                    "/run/osbuild/tree/client.py",
                    "/run/osbuild/output/" + image,
                    mode)));
  }

  private Path image(String name, long size) throws IOException {
    Path image = output.resolve(name);
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(size);
    }
    return image;
  }

  @Test
  void anAssemblerGetsALoopDeviceOverTheSocketOwnedByItsRootAndWritesTheImageThroughIt()
      throws Exception {
    Path image = image("disk.img", 4096);

    ExecResult result = client(assembler(), "disk.img", "write");

    assertThat(result.exitStatus()).as(String.join("\n", log)).isZero();
    assertThat(log.get(log.size() - 2)).matches("\\{\"devname\": \"loop[0-9]+\"\\}");
    assertThat(log).contains("owner 0");
    byte[] bytes = Files.readAllBytes(image);
    assertThat(new String(bytes, 512, 31, StandardCharsets.US_ASCII))
        .isEqualTo("written through the loop device");
    assertThat(bytes[511]).isZero();
    assertThat(attachedTo(image)).as("no loop device left on the image").isEmpty();
  }

  @Test
  void requestsThatWouldWidenTheSandboxAreRefusedAndTheDevicesPerStepAreLimited() throws Exception {
    Path image = image("disk.img", 4096);

    ExecResult result = client(assembler(), "disk.img", "hostile");

    assertThat(result.exitStatus()).as(String.join("\n", log)).isZero();
    assertThat(log)
        .anyMatch(line -> line.contains("only in the sandbox's /dev"))
        .anyMatch(line -> line.contains("must be a regular file"))
        .anyMatch(line -> line.contains("'fd' is 5, but 2 descriptors were passed"))
        .anyMatch(line -> line.contains("'offset' must be a number of bytes"))
        .anyMatch(line -> line.contains("at most 16 loop devices"));
    assertThat(log.stream().filter(line -> line.startsWith("{\"devname\"")).count()).isEqualTo(16);
    assertThat(Files.list(tree).map(p -> p.getFileName().toString())).containsExactly("client.py");
    assertThat(attachedTo(image)).isEmpty();
  }

  @Test
  void noSocketWithoutLoopDevices() throws Exception {
    ExecResult result =
        isolation.run(
            SandboxSpec.forAssembler(new TreeMount.Directory(tree), output, log::add),
            sandbox -> sandbox.exec(Command.of("test", "-e", "/run/osbuild/api/remoteloop")));

    assertThat(result.exitStatus()).isEqualTo(1);
  }

  @Test
  void onlyTheBlockDeviceMountProfileMountsAnExt4ImageAndItSeesNoKernelKnobs() throws Exception {
    Path image = image("fs.img", 8 << 20);
    run("mkfs.ext4", "-q", "-F", image.toString());

    ExecResult confined = client(assembler(), "fs.img", "mount");
    assertThat(confined.exitStatus()).isZero();
    assertThat(log).anyMatch(line -> line.startsWith("mount status") && !line.endsWith(" 0"));
    log.clear();

    SandboxSpec trusted = assembler().withBlockDeviceMounts(true);
    ExecResult mounted = client(trusted, "fs.img", "mount");
    assertThat(mounted.exitStatus()).as(String.join("\n", log)).isZero();
    assertThat(log).contains("mount status 0");
    assertThat(run("debugfs", "-R", "cat /greeting", image.toString())).isEqualTo("mounted\n");
    ExecResult knobs =
        isolation.run(
            trusted,
            sandbox ->
                sandbox.exec(
                    Command.of("/bin/sh", "-c", "test ! -e /proc/sys && test -d /proc/1")));
    assertThat(knobs.exitStatus()).isZero();
    assertThat(attachedTo(image)).isEmpty();
  }

  private static String run(String... argv) throws Exception {
    Process process = new ProcessBuilder(argv).redirectErrorStream(false).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(String.join(" ", argv)).isZero();
    return out;
  }

  /** The loop devices whose backing file is {@code image}, from sysfs. */
  private static List<String> attachedTo(Path image) throws IOException {
    Path block = Path.of("/sys/block");
    try (Stream<Path> devices = Files.list(block)) {
      return devices
          .filter(d -> d.getFileName().toString().startsWith("loop"))
          .filter(
              d -> {
                try {
                  Path backing = d.resolve("loop/backing_file");
                  return Files.exists(backing)
                      && Files.readString(backing).strip().equals(image.toString());
                } catch (IOException e) {
                  return false;
                }
              })
          .map(d -> d.getFileName().toString())
          .toList();
    }
  }
}
