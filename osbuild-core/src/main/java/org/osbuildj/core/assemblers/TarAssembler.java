package org.osbuildj.core.assemblers;

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
 *   <li>with {@code SOURCE_DATE_EPOCH} set, every modification time later than it clamped to it;
 *   <li>compression with fixed settings (see {@link TarCompression}).
 * </ul>
 */
public final class TarAssembler extends NativeAssembler {
  public static final String NAME = "org.osbuild.tar";

  public TarAssembler() {
    super(NAME);
  }

  @Override
  public List<HostTool> requiredTools(Options options) {
    List<HostTool> tools = new ArrayList<>(List.of(HostTool.of("tar", "tar")));
    TarCompression.fromOptionValue(options.string("compression", "none"))
        .tool()
        .ifPresent(tools::add);
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
    Command command =
        Command.of(
            arguments(
                sandbox.treeInRoot(),
                output + "/" + filename,
                compression,
                context.sourceDateEpoch().map(epoch -> epoch.getEpochSecond())));
    if (context.sourceDateEpoch().isPresent()) {
      command =
          command.withEnvironment(
              "SOURCE_DATE_EPOCH", Long.toString(context.sourceDateEpoch().get().getEpochSecond()));
    }
    context.log(
        "archiving the tree into "
            + filename
            + " (compression: "
            + compression.optionValue()
            + ")");
    sandbox.exec(command).orThrow();
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
                "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime"));
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
