package org.osbuildj.core.assemblers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecResult;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.isolation.ToolMissingException;

/** Checks, before any work, that the build root has the programs an assembler runs. */
final class BuildRootTools {
  private static final String MARKER = "missing-tool:";

  private BuildRootTools() {}

  /**
   * @param packagesByTool each program (or absolute path of a file) with the Debian package that holds it
   * @throws ToolMissingException naming every program that is not on the build root's PATH
   */
  static void require(Sandbox sandbox, String step, Map<String, String> packagesByTool) throws Exception {
    StringBuilder script = new StringBuilder("for t in");
    packagesByTool.keySet().forEach(tool -> script.append(' ').append(tool));
    // A path names a file the step reads (such as GRUB's boot.img); a bare name, a program on PATH.
    script.append("; do case \"$t\" in /*) [ -e \"$t\" ] ;; *) command -v \"$t\" >/dev/null ;; esac"
        + " || echo \"" + MARKER + " $t\"; done; true");
    ExecResult result = sandbox.exec(Command.of("sh", "-c", script.toString())).orThrow();
    Map<String, String> missing = new LinkedHashMap<>();
    List<String> lines = result.outputTail();
    for (String line : lines) {
      if (line.startsWith(MARKER)) {
        String tool = line.substring(MARKER.length()).trim();
        missing.put(tool, packagesByTool.get(tool));
      }
    }
    if (!missing.isEmpty()) {
      throw new ToolMissingException(step, missing);
    }
  }
}
