package org.osbuildj.core.assemblers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.osbuildj.core.isolation.CommandFailedException;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.testing.StageHarness;
import org.osbuildj.core.testing.TreeFixtures;

/**
 * The tar assembler, run through the host isolation on small trees: what a user would check with
 * {@code tar -tv}, and that the same tree always gives the same bytes.
 */
class TarAssemblerTest {
  /** 2023-11-14 22:13:20 UTC. */
  private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000);

  private static final String EPOCH_TEXT = "2023-11-14 22:13:20";
  private static final Instant OLD = Instant.ofEpochSecond(1_000_000_000);

  /** Offsets in lzop's header (after magic, versions, method, level, flags): mode, time, name. */
  private static final int LZOP_MODE = 21;

  private static final int LZOP_MTIME = 25;
  private static final int LZOP_NAME_LENGTH = 33;

  @TempDir Path base;

  /** A small tree with what an image holds; times are those of the moment, so two differ. */
  private Path buildTree(String name) throws IOException {
    Path tree = Files.createDirectory(base.resolve(name));
    Files.createDirectories(tree.resolve("etc"));
    Files.writeString(tree.resolve("etc/hostname"), "demo\n");
    Files.createDirectories(tree.resolve("usr/share/zoneinfo"));
    Files.writeString(tree.resolve("usr/share/zoneinfo/UTC"), "TZif2");
    Files.createSymbolicLink(tree.resolve("etc/localtime"), Path.of("../usr/share/zoneinfo/UTC"));
    Files.createDirectories(tree.resolve("usr/bin"));
    Files.writeString(tree.resolve("usr/bin/tool"), "#!/bin/sh\necho tool\n");
    Files.setAttribute(tree.resolve("usr/bin/tool"), "unix:mode", 04755);
    Files.createLink(tree.resolve("usr/bin/tool-alias"), tree.resolve("usr/bin/tool"));
    Files.createDirectories(tree.resolve("root"));
    Files.setAttribute(tree.resolve("root"), "unix:mode", 0700);
    Files.writeString(tree.resolve("etc/issue"), "Debian\n");
    Files.setLastModifiedTime(tree.resolve("etc/issue"), FileTime.from(OLD));
    return tree;
  }

  private static StageHarness tar(String filename, TarCompression compression) {
    return StageHarness.of(new TarAssembler())
        .options(Assemblers.tar(filename).compression(compression).toAssembler().options());
  }

  private Path assemble(Path tree, String outputName, StageHarness harness) throws Exception {
    Path output = Files.createDirectory(base.resolve(outputName));
    harness.assemble(tree, output);
    return output;
  }

  private static String host(String... argv) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().put("TZ", "UTC");
    builder.environment().put("LC_ALL", "C");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("exit status of %s: %s", String.join(" ", argv), out).isZero();
    return out;
  }

  /** {@code tar -tv}'s lines, with runs of blanks (tar's column padding) squeezed to one. */
  private static List<String> listing(Path archive) throws Exception {
    // Twice verbose: tar then also lists each entry's extended attributes ("x: <size> <name>").
    return host(
            "tar",
            "--list",
            "--verbose",
            "--verbose",
            "--full-time",
            "--numeric-owner",
            "--xattrs",
            "--xattrs-include=*",
            "--file=" + archive)
        .lines()
        .map(line -> line.strip().replaceAll(" +", " "))
        .toList();
  }

  private static String owner(Path tree) throws IOException {
    return Files.getAttribute(tree, "unix:uid") + "/" + Files.getAttribute(tree, "unix:gid");
  }

  @Test
  void theArchiveHoldsTheWholeTreeSortedWithDotSlashNames() throws Exception {
    Path tree = buildTree("tree");

    Path output =
        assemble(tree, "out", tar("root.tar", TarCompression.NONE).sourceDateEpoch(EPOCH));

    assertThat(output).isDirectoryContaining(p -> p.getFileName().toString().equals("root.tar"));
    assertThat(host("tar", "--list", "--file=" + output.resolve("root.tar")).lines().toList())
        .containsExactly(
            "./",
            "./etc/",
            "./etc/hostname",
            "./etc/issue",
            "./etc/localtime",
            "./root/",
            "./usr/",
            "./usr/bin/",
            "./usr/bin/tool",
            "./usr/bin/tool-alias",
            "./usr/share/",
            "./usr/share/zoneinfo/",
            "./usr/share/zoneinfo/UTC");
  }

  @Test
  void ownersModesLinksAndClampedTimesAreWhatAUserSeesInTheListing() throws Exception {
    Path tree = buildTree("tree");
    String owner = owner(tree);

    Path output =
        assemble(tree, "out", tar("root.tar", TarCompression.NONE).sourceDateEpoch(EPOCH));
    List<String> lines = listing(output.resolve("root.tar"));

    assertThat(lines)
        .contains(
            "drwx------ " + owner + " 0 " + EPOCH_TEXT + " ./root/",
            "lrwxrwxrwx "
                + owner
                + " 0 "
                + EPOCH_TEXT
                + " ./etc/localtime -> ../usr/share/zoneinfo/UTC",
            "-rwsr-xr-x " + owner + " 20 " + EPOCH_TEXT + " ./usr/bin/tool",
            "hrwsr-xr-x "
                + owner
                + " 0 "
                + EPOCH_TEXT
                + " ./usr/bin/tool-alias link to ./usr/bin/tool",
            "-rw-r--r-- " + owner + " 5 " + EPOCH_TEXT + " ./etc/hostname");
    assertThat(lines)
        .as("a time before the epoch is kept, not raised to it")
        .contains("-rw-r--r-- " + owner + " 7 2001-09-09 01:46:40 ./etc/issue");
  }

  @Test
  void withoutSourceDateEpochTimesAreKept() throws Exception {
    Path tree = buildTree("tree");
    Files.setLastModifiedTime(
        tree.resolve("etc/hostname"), FileTime.from(Instant.parse("2030-01-02T03:04:05Z")));

    Path output = assemble(tree, "out", tar("root.tar", TarCompression.NONE));

    assertThat(listing(output.resolve("root.tar")))
        .contains("-rw-r--r-- " + owner(tree) + " 5 2030-01-02 03:04:05 ./etc/hostname");
  }

  @Test
  void paxHeadersHoldNeitherAccessNorChangeTimesNorTarsProcessId() throws Exception {
    Path tree = buildTree("tree");
    Files.setLastModifiedTime(
        tree.resolve("etc/hostname"), FileTime.from(Instant.parse("2001-01-01T00:00:00.123Z")));

    Path output =
        assemble(tree, "out", tar("root.tar", TarCompression.NONE).sourceDateEpoch(EPOCH));
    String raw =
        new String(Files.readAllBytes(output.resolve("root.tar")), StandardCharsets.ISO_8859_1);

    assertThat(raw)
        .as("a fractional mtime needs a pax header, so there is one to look at")
        .contains("./etc/PaxHeaders/hostname")
        .contains("mtime=978307200.123");
    assertThat(raw).doesNotContain("atime=").doesNotContain("ctime=").doesNotContain("PaxHeaders.");
  }

  @ParameterizedTest
  @EnumSource(TarCompression.class)
  void theSameTreeBuiltTwiceGivesByteIdenticalArchives(TarCompression compression)
      throws Exception {
    Path first = buildTree("first");
    Thread.sleep(20);
    Path second = buildTree("second");

    Path a =
        assemble(first, "a", tar("root.tar", compression).sourceDateEpoch(EPOCH))
            .resolve("root.tar");
    Path b =
        assemble(second, "b", tar("root.tar", compression).sourceDateEpoch(EPOCH))
            .resolve("root.tar");
    Path again =
        assemble(first, "c", tar("root.tar", compression).sourceDateEpoch(EPOCH))
            .resolve("root.tar");

    assertThat(Files.size(a)).isPositive();
    assertThat(TreeFixtures.sha256(Files.readAllBytes(b)))
        .isEqualTo(TreeFixtures.sha256(Files.readAllBytes(a)));
    assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(a));
  }

  @ParameterizedTest
  @EnumSource(TarCompression.class)
  void eachCompressionWritesItsFormatAndTarReadsItBack(TarCompression compression)
      throws Exception {
    Path output = assemble(buildTree("tree"), "out", tar("root.tar", compression));
    byte[] archive = Files.readAllBytes(output.resolve("root.tar"));

    switch (compression) {
      case NONE ->
          assertThat(new String(archive, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
      case GZIP -> {
        assertThat(archive).startsWith(0x1f, 0x8b);
        assertThat(archive[3] & 0x08).as("gzip's FNAME flag: no file name stored").isZero();
        assertThat(ByteBuffer.wrap(archive, 4, 4).getInt()).as("gzip's MTIME field").isZero();
      }
      case XZ -> assertThat(archive).startsWith(0xfd, '7', 'z', 'X', 'Z', 0x00);
      case ZSTD -> assertThat(archive).startsWith(0x28, 0xb5, 0x2f, 0xfd);
      case BZIP2 -> assertThat(archive).startsWith('B', 'Z', 'h', '9');
      case LZIP -> assertThat(archive).startsWith('L', 'Z', 'I', 'P');
      case LZMA -> assertThat(archive).startsWith(0x5d, 0x00, 0x00);
      case LZOP -> {
        assertThat(archive).startsWith(0x89, 'L', 'Z', 'O', 0x00, 0x0d, 0x0a, 0x1a, 0x0a);
        assertThat(ByteBuffer.wrap(archive, LZOP_MODE, 4).getInt())
            .as("lzop's mode field")
            .isEqualTo(0100644);
        assertThat(ByteBuffer.wrap(archive, LZOP_MTIME, 4).getInt())
            .as("lzop's time field, without SOURCE_DATE_EPOCH")
            .isZero();
        assertThat(archive[LZOP_NAME_LENGTH]).as("no file name stored").isZero();
      }
    }
    // GNU tar recognises every format by its first bytes but lzma's, which has no magic number.
    List<String> extract =
        new ArrayList<>(
            List.of("tar", "--extract", "--to-stdout", "--file=" + output.resolve("root.tar")));
    if (compression == TarCompression.LZMA) {
      extract.add("--lzma");
    }
    extract.add("./etc/hostname");
    assertThat(host(extract.toArray(String[]::new))).isEqualTo("demo\n");
  }

  @Test
  void lzopArchivesAreTheUncompressedArchiveAndTheSameBytesWhenMadeSecondsApart() throws Exception {
    Path tree = buildTree("tree");
    Path plain =
        assemble(tree, "plain", tar("root.tar", TarCompression.NONE).sourceDateEpoch(EPOCH))
            .resolve("root.tar");
    Path firstOutput =
        assemble(tree, "first", tar("root.tar.lzo", TarCompression.LZOP).sourceDateEpoch(EPOCH));
    Thread.sleep(1100);
    Path second =
        assemble(tree, "second", tar("root.tar.lzo", TarCompression.LZOP).sourceDateEpoch(EPOCH))
            .resolve("root.tar.lzo");
    Path first = firstOutput.resolve("root.tar.lzo");
    byte[] archive = Files.readAllBytes(first);

    assertThat(Files.readAllBytes(second)).isEqualTo(archive);
    assertThat(ByteBuffer.wrap(archive, LZOP_MTIME, 4).getInt())
        .as("lzop's time field")
        .isEqualTo((int) EPOCH.getEpochSecond());
    Path decompressed = base.resolve("decompressed.tar");
    host(
        "sh",
        "-c",
        "lzop -d -c < \"$1\" > \"$2\"",
        "lzop-d",
        first.toString(),
        decompressed.toString());
    assertThat(Files.mismatch(decompressed, plain))
        .as("first byte where lzop -d's output differs from the uncompressed archive")
        .isEqualTo(-1);
    try (var entries = Files.list(firstOutput)) {
      assertThat(entries.map(p -> p.getFileName().toString()).toList())
          .as("the scratch archive is gone")
          .containsExactly("root.tar.lzo");
    }
  }

  @Test
  void withoutSourceDateEpochLzopArchivesMadeSecondsApartAreTheSameToo() throws Exception {
    Path tree = buildTree("tree");
    Path first =
        assemble(tree, "first", tar("r.tar.lzo", TarCompression.LZOP)).resolve("r.tar.lzo");
    Thread.sleep(1100);
    Path second =
        assemble(tree, "second", tar("r.tar.lzo", TarCompression.LZOP)).resolve("r.tar.lzo");

    assertThat(Files.mismatch(first, second)).isEqualTo(-1);
  }

  @Test
  void aFailedLzopLeavesNoScratchArchiveBehind() throws Exception {
    Path missing = base.resolve("no-such-tree");
    Path output = Files.createDirectory(base.resolve("out"));

    assertThatThrownBy(() -> tar("root.tar.lzo", TarCompression.LZOP).assemble(missing, output))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("no-such-tree");
    try (var entries = Files.list(output)) {
      assertThat(entries.toList()).isEmpty();
    }
  }

  /** A tree holding a 1 GiB file that is one hole but for "hello" at 512 MiB. */
  private Path sparseTree(String name) throws IOException {
    Path tree = Files.createDirectories(base.resolve(name).resolve("var/lib"));
    try (RandomAccessFile file = new RandomAccessFile(tree.resolve("disk.img").toFile(), "rw")) {
      file.setLength(1L << 30);
      file.seek(1L << 29);
      file.write("hello".getBytes(StandardCharsets.US_ASCII));
    }
    return base.resolve(name);
  }

  /** The SHA-256 of a file, read in pieces (the sparse file is far larger than the heap wants). */
  private static String sha256Of(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 20];
      int n;
      while ((n = in.read(buffer)) != -1) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  @Test
  void aSparseFileStaysSparseInTheArchiveAndComesOutTheSame() throws Exception {
    Path tree = sparseTree("tree");

    Path archive =
        assemble(tree, "out", tar("root.tar", TarCompression.NONE).sourceDateEpoch(EPOCH))
            .resolve("root.tar");

    assertThat(Files.size(archive)).as("a few KB, not 1 GiB").isLessThan(64 * 1024);
    Path extracted = Files.createDirectory(base.resolve("extracted"));
    host("tar", "--extract", "--file=" + archive, "--directory=" + extracted);
    Path file = extracted.resolve("var/lib/disk.img");
    assertThat(Files.size(file)).isEqualTo(1L << 30);
    assertThat(sha256Of(file)).isEqualTo(sha256Of(tree.resolve("var/lib/disk.img")));
    assertThat(Long.parseLong(host("stat", "--format=%b", file.toString()).strip()))
        .as("512-byte blocks the extracted file takes: it is sparse again")
        .isLessThan(1024);
  }

  @Test
  void anArchiveWithASparseFileIsTheSameBytesWhenMadeAgainLater() throws Exception {
    Path first = sparseTree("first");
    Thread.sleep(1100);
    Path second = sparseTree("second");

    Path a =
        assemble(first, "a", tar("root.tar", TarCompression.NONE).sourceDateEpoch(EPOCH))
            .resolve("root.tar");
    Path b =
        assemble(second, "b", tar("root.tar", TarCompression.NONE).sourceDateEpoch(EPOCH))
            .resolve("root.tar");

    assertThat(Files.size(a)).isLessThan(64 * 1024);
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
  }

  @Test
  void theTreeIsNotChangedByAssembling() throws Exception {
    Path tree = buildTree("tree");
    var before = TreeFixtures.snapshot(tree);

    assemble(tree, "out", tar("root.tar.zst", TarCompression.ZSTD).sourceDateEpoch(EPOCH));

    assertThat(TreeFixtures.snapshot(tree)).isEqualTo(before);
  }

  @Test
  void userExtendedAttributesAreKept() throws Exception {
    Path tree = buildTree("tree");
    UserDefinedFileAttributeView xattrs =
        Files.getFileAttributeView(
            tree.resolve("etc/hostname"),
            UserDefinedFileAttributeView.class,
            LinkOption.NOFOLLOW_LINKS);
    try {
      xattrs.write("osbuildj.test", StandardCharsets.UTF_8.encode("kept"));
    } catch (IOException e) {
      Assumptions.abort(
          "the file system of the temporary directory has no user extended attributes: " + e);
    }

    Path output =
        assemble(tree, "out", tar("root.tar", TarCompression.NONE).sourceDateEpoch(EPOCH));
    String raw =
        new String(Files.readAllBytes(output.resolve("root.tar")), StandardCharsets.ISO_8859_1);

    assertThat(listing(output.resolve("root.tar")))
        .contains(
            "-rw-r--r--* " + owner(tree) + " 5 " + EPOCH_TEXT + " ./etc/hostname",
            "x: 4 user.osbuildj.test");
    assertThat(raw).contains("SCHILY.xattr.user.osbuildj.test=kept");
  }

  @Test
  @Tag("root")
  void deviceNodesAndTrustedExtendedAttributesAreKept() throws Exception {
    Assumptions.assumeTrue(
        TreeFixtures.runningAsRoot(),
        "creating device nodes and trusted.* attributes needs root; run the tests as root to include this one");
    Path tree = buildTree("tree");
    Files.createDirectories(tree.resolve("dev"));
    host("mknod", "-m", "0666", tree.resolve("dev/null").toString(), "c", "1", "3");
    host("chown", "-h", "1234:5678", tree.resolve("etc/hostname").toString());
    // The JDK writes only user.* attributes; trusted.* needs the attr tools (not installed) or
    // Python.
    host(
        "python3",
        "-c",
        "import os,sys; os.setxattr(sys.argv[1], 'trusted.osbuildj', b'secret')",
        tree.resolve("usr/bin/tool").toString());

    Path output =
        assemble(tree, "out", tar("root.tar", TarCompression.NONE).sourceDateEpoch(EPOCH));
    List<String> listing = listing(output.resolve("root.tar"));
    String raw =
        new String(Files.readAllBytes(output.resolve("root.tar")), StandardCharsets.ISO_8859_1);

    assertThat(listing).contains("crw-rw-rw- 0/0 1,3 " + EPOCH_TEXT + " ./dev/null");
    assertThat(listing).contains("-rw-r--r-- 1234/5678 5 " + EPOCH_TEXT + " ./etc/hostname");
    assertThat(raw).contains("SCHILY.xattr.trusted.osbuildj=secret");
  }

  @Test
  void aTarFailureSurfacesWithTarsMessage() throws Exception {
    Path missing = base.resolve("no-such-tree");
    Path output = Files.createDirectory(base.resolve("out"));

    assertThatThrownBy(() -> tar("root.tar", TarCompression.NONE).assemble(missing, output))
        .isInstanceOf(CommandFailedException.class)
        .hasMessageContaining("tar --create")
        .hasMessageContaining("no-such-tree");
  }

  @Test
  void theCommandLineClampsTimesOnlyWithAnEpoch() {
    List<String> with =
        TarAssembler.arguments(
            "/run/osbuild/tree",
            "/run/osbuild/output/a.tar",
            TarCompression.XZ,
            Optional.of(1_700_000_000L));
    List<String> without =
        TarAssembler.arguments(
            "/run/osbuild/tree",
            "/run/osbuild/output/a.tar",
            TarCompression.NONE,
            Optional.empty());

    assertThat(with)
        .contains(
            "--mtime=@1700000000",
            "--clamp-mtime",
            "--use-compress-program=xz -T1 -6",
            "--file=/run/osbuild/output/a.tar",
            "--directory=/run/osbuild/tree")
        .endsWith(".");
    assertThat(without)
        .noneMatch(
            arg ->
                arg.startsWith("--mtime")
                    || arg.equals("--clamp-mtime")
                    || arg.startsWith("--use-compress-program"));
  }

  @Test
  void theLogSaysWhatIsArchived() throws Exception {
    Path output = Files.createDirectory(base.resolve("out"));

    List<String> log = tar("root.tar.gz", TarCompression.GZIP).assemble(buildTree("tree"), output);

    assertThat(log).first().isEqualTo("archiving the tree into root.tar.gz (compression: gzip)");
  }

  @Test
  void optionsFromJsonWithoutCompressionMeanAnUncompressedArchive() throws Exception {
    Path output = Files.createDirectory(base.resolve("out"));

    StageHarness.of(new TarAssembler())
        .options(Json.object().put("filename", "plain.tar"))
        .assemble(buildTree("tree"), output);

    byte[] archive = Files.readAllBytes(output.resolve("plain.tar"));
    assertThat(new String(archive, 257, 5, StandardCharsets.US_ASCII)).isEqualTo("ustar");
  }
}
