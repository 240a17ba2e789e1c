package org.osbuildj.core.assemblers;

import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.host.HostTool;
import org.osbuildj.core.host.ToolMissingException;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecResult;
import org.osbuildj.core.isolation.Sandbox;

/** Checks, before any work, that the build root has the programs an assembler runs. */
final class BuildRootTools {
  private static final String MARKER = "missing-tool:";

  private BuildRootTools() {}

  /**
   * @throws ToolMissingException naming every program not on the build root's PATH and every file
   *     not there
   */
  static void require(Sandbox sandbox, String step, List<HostTool> tools) throws Exception {
    StringBuilder script = new StringBuilder("for t in");
    tools.forEach(tool -> script.append(' ').append(tool.program()));
    // A path names a file the step reads (such as GRUB's boot.img); a bare name, a program on PATH.
    script.append(
        "; do case \"$t\" in /*) [ -e \"$t\" ] ;; *) command -v \"$t\" >/dev/null ;; esac"
            + " || echo \""
            + MARKER
            + " $t\"; done; true");
    ExecResult result = sandbox.exec(Command.of("sh", "-c", script.toString())).orThrow();
    List<String> missingNames =
        result.outputTail().stream()
            .filter(line -> line.startsWith(MARKER))
            .map(line -> line.substring(MARKER.length()).trim())
            .toList();
    List<HostTool> missing = new ArrayList<>();
    tools.stream().filter(tool -> missingNames.contains(tool.program())).forEach(missing::add);
    if (!missing.isEmpty()) {
      throw ToolMissingException.inBuildRoot(step, missing);
    }
  }
}
