package org.osbuildj.core.selinux;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecOutput;
import org.osbuildj.core.isolation.FileLabel;
import org.osbuildj.core.pipeline.Options;
import org.osbuildj.core.spi.NamedStep;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.spi.StageImplementation;
import org.osbuildj.core.tree.Tree;

/**
 * {@code org.osbuild.selinux}: labels the tree with its SELinux policy, as the osbuild seed's stage
 * did with {@code setfiles -F -r TREE FILE_CONTEXTS TREE}: every entry gets the full security
 * context ({@code security.selinux}) the policy's {@code file_contexts} (a file in the tree) gives
 * its path, and entries the policy marks {@code <<none>>} are left as they are.
 *
 * <p>The work is split in two, because the kernel lets only a process privileged in the user
 * namespace that owns the file system write {@code security.*} attributes, and a stage's commands
 * are root of a user namespace of their own. The build root's real {@code setfiles} (Debian's
 * {@code policycoreutils}) runs in the sandbox without changing anything ({@code -n -v}) and prints
 * each entry's label, computed by libselinux with the policy's own matching rules (substitutions,
 * hard links and {@code <<none>>} included); then the library, the host's root, writes them (see
 * {@link org.osbuildj.core.isolation.Sandbox#labelTree}), resolving each path inside the tree
 * without following any symlink.
 *
 * <p>File names that hold a line break are refused: {@code setfiles} prints one entry per line.
 * Names that are not text are labelled byte for byte.
 */
public final class SelinuxStage extends NamedStep implements StageImplementation {
  public static final String NAME = "org.osbuild.selinux";

  /** The most output {@code setfiles} may print: some two million entries. */
  static final int MAX_OUTPUT = 256 << 20;

  public SelinuxStage() {
    super(NAME, SelinuxStage.class);
  }

  @Override
  public List<HostTool> requiredTools(Options options) {
    return List.of(HostTool.of("setfiles", "policycoreutils"));
  }

  @Override
  public void run(StageContext context) throws Exception {
    Tree tree = context.tree();
    String option = context.options().string("file_contexts");
    Path fileContexts = tree.resolve(option);
    if (!tree.isRegularFile(option)) {
      throw new IllegalStateException(
          "file_contexts: the tree has no file "
              + option
              + " (install the SELinux policy in the tree first, such as Debian's"
              + " selinux-policy-default, whose file is"
              + " etc/selinux/default/contexts/files/file_contexts)");
    }
    refuseLineBreaks(tree);
    String root = context.sandbox().treeInRoot();
    String inRoot = root + "/" + tree.root().relativize(fileContexts);
    Command setfiles =
        Command.of("setfiles", "-n", "-v", "-F", "-r", root, inRoot, root)
            .withEnvironment("LC_ALL", "C.UTF-8");
    ExecOutput output = context.sandbox().execCapturing(setfiles, MAX_OUTPUT).orThrow();
    List<FileLabel> labels = SetfilesOutput.parse(output.stdout(), root);
    context.log(
        "setfiles -F with /"
            + tree.root().relativize(fileContexts)
            + ": "
            + labels.size()
            + " entries to label");
    context.sandbox().labelTree(labels);
    context.log("labelled " + labels.size() + " entries");
  }

  private static void refuseLineBreaks(Tree tree) throws IOException {
    tree.walk(
        "/",
        entry -> {
          Path name = entry.hostPath().getFileName();
          if (!entry.hostPath().equals(tree.root()) && name.toString().indexOf('\n') >= 0) {
            throw new IllegalStateException(
                "cannot label "
                    + entry.describe(tree).replace("\n", "\\n")
                    + ": its name holds a line break, and setfiles prints one entry per line");
          }
        });
  }
}
