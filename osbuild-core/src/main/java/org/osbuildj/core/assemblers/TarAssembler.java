package org.osbuildj.core.assemblers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.AssemblerContext;

/**
 * {@code org.osbuild.tar}: archives the whole tree into {@code <output>/<filename>} with GNU tar,
 * run in the build root, so that the archive is made by the build root's tar and the tree is never
 * read by the JVM.
 *
 * <p>The archive keeps everything an image needs and is reproducible:
 *
 * <ul>
 *   <li>POSIX pax format; entries named {@code ./}, {@code ./etc/}, {@code ./etc/hostname} (the
 *       tree's root first, every name starting with {@code ./}, as osbuild's tar assembler makes
 *       them), sorted by name;
 *   <li>numeric owners and groups only (no user names, which would depend on the build root's
 *       {@code /etc/passwd}), modes including setuid bits, symbolic and hard links, device nodes;
 *   <li>every extended attribute ({@code --xattrs --xattrs-include=*}, which on tar 1.34 includes
 *       {@code security.*}, {@code trusted.*} and the raw ACL attributes), and also POSIX ACLs as
 *       {@code SCHILY.acl.*} and SELinux labels as {@code RHT.security.selinux} records ({@code
 *       --acls --selinux}), so that {@code tar --acls} or {@code --selinux} alone restores them
 *       too;
 *   <li>no access or change times, and extended headers named without tar's process id;
 *   <li>sparse files kept sparse: only their data is stored, with a map of it in {@code
 *       GNU.sparse.*} records (GNU tar's sparse format 0.0, the one that names no process id), so a
 *       1 GiB file that is mostly a hole takes kilobytes and is extracted as sparse again. Holes
 *       are what the tree's filesystem reports ({@code SEEK_HOLE}); GNU tar takes a file for which
 *       its filesystem reports no blocks at all for one hole (as ZFS may before it syncs: the store
 *       syncs every tree it keeps);
 *   <li>with {@code SOURCE_DATE_EPOCH} set, every modification time later than it clamped to it;
 *   <li>compression with fixed settings (see {@link TarCompression}); lzop, which stores its
 *       input's time and mode, compresses the finished archive from a scratch file in the output
 *       whose time and mode are fixed first, and which is removed afterwards, also on failure.
 * </ul>
 */
public final class TarAssembler extends NativeAssembler {
  public static final String NAME = "org.osbuild.tar";
  private static final String SCRATCH = ".osbuild-tar";

  public TarAssembler() {
    super(NAME);
  }

  @Override
  public List<HostTool> requiredTools(Options options) {
    List<HostTool> tools = new ArrayList<>(List.of(HostTool.of("tar", "tar")));
    TarCompression compression =
        TarCompression.fromOptionValue(options.string("compression", "none"));
    compression.tool().ifPresent(tools::add);
    if (compression.compressesAFile()) {
      tools.add(HostTool.of("touch", "coreutils"));
      tools.add(HostTool.of("chmod", "coreutils"));
    }
    return tools;
  }

  @Override
  public void assemble(AssemblerContext context) throws Exception {
    String filename = checkedFilename(context.options().string("filename"));
    TarCompression compression =
        TarCompression.fromOptionValue(context.options().string("compression", "none"));
    Sandbox sandbox = context.sandbox();
    String output =
        sandbox
            .outputInRoot()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the tar assembler's sandbox has no output directory"));
    Optional<Long> epoch = context.sourceDateEpoch().map(Instant::getEpochSecond);
    context.log(
        "archiving the tree into "
            + filename
            + " (compression: "
            + compression.optionValue()
            + ")");
    if (!compression.compressesAFile()) {
      sandbox
          .exec(tarCommand(sandbox.treeInRoot(), output + "/" + filename, compression, epoch))
          .orThrow();
      return;
    }
    try (ScratchDirectory scratch = ScratchDirectory.create(context, SCRATCH)) {
      String archive = scratch.fileInRoot("archive.tar");
      sandbox.exec(tarCommand(sandbox.treeInRoot(), archive, TarCompression.NONE, epoch)).orThrow();
      context.log(
          "compressing it with "
              + compression.optionValue()
              + " from a file of mode 0644 dated "
              + (epoch.isPresent() ? "SOURCE_DATE_EPOCH" : "0 (no SOURCE_DATE_EPOCH)")
              + ", the time and mode it stores");
      sandbox
          .exec(
              Command.of(
                  compressFileArguments(
                      compression, archive, output + "/" + filename, epoch.orElse(0L))))
          .orThrow();
    }
  }

  private static Command tarCommand(
      String tree, String archive, TarCompression compression, Optional<Long> epoch) {
    Command command = Command.of(arguments(tree, archive, compression, epoch));
    if (epoch.isPresent()) {
      command = command.withEnvironment("SOURCE_DATE_EPOCH", Long.toString(epoch.get()));
    }
    return command;
  }

  /**
   * The command that compresses tar's finished {@code archive} into {@code target} for a compressor
   * that stores its input's time and mode: both fixed first, then the compressor reads the file on
   * its standard input. Package-private so tests can read it.
   */
  static List<String> compressFileArguments(
      TarCompression compression, String archive, String target, long epochSeconds) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "sh",
                "-c",
                "set -e; touch -d \"@$1\" -- \"$2\"; chmod 0644 -- \"$2\"; "
                    + "in=$2; out=$3; shift 3; exec \"$@\" < \"$in\" > \"$out\"",
                "compress-archive",
                Long.toString(epochSeconds),
                archive,
                target));
    argv.addAll(compression.compressor());
    return argv;
  }

  /** GNU tar's command line; package-private so tests can read what is asked of tar. */
  static List<String> arguments(
      String tree, String archive, TarCompression compression, Optional<Long> sourceDateEpoch) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "tar",
                "--create",
                "--file=" + archive,
                "--directory=" + tree,
                "--format=pax",
                "--sort=name",
                "--numeric-owner",
                "--xattrs",
                "--xattrs-include=*",
                "--acls",
                "--selinux",
                // The default extended header name holds tar's process id; atime and ctime change
                // on reads.
                "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
                // Sparse files stay sparse. Format 0.0 keeps each entry's own name; 0.1 and 1.0
                // (tar's default) name it GNUSparseFile.<tar's process id>/NAME.
                "--sparse",
                "--sparse-version=0.0"));
    sourceDateEpoch.ifPresent(
        seconds -> {
          argv.add("--mtime=@" + seconds);
          argv.add("--clamp-mtime");
        });
    compression
        .compressProgram()
        .ifPresent(program -> argv.add("--use-compress-program=" + program));
    argv.add(".");
    return argv;
  }

  // The schema already insists on a plain name; this guards direct callers that skip validation.
  private static String checkedFilename(String filename) {
    if (filename.isEmpty()
        || filename.contains("/")
        || filename.equals(".")
        || filename.equals("..")
        || filename.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "the tar assembler's filename must be a plain file name, not '"
              + filename.replace("\0", "\\0")
              + "'");
    }
    return filename;
  }
}
