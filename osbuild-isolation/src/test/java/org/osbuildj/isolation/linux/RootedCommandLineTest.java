package org.osbuildj.isolation.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.osbuildj.core.isolation.Command;

class RootedCommandLineTest {
  private final HostTools tools = new HostTools(Path.of("/usr/bin/setpriv"), Path.of("/usr/bin/unshare"));

  @Test
  void theCommandDiesWithItsThreadGetsItsOwnPidNamespaceAndProcAndEntersTheRootInItsDirectory() {
    assertThat(RootedCommandLine.of(tools, "/staging/root", Command.of("ls", "-l").inDirectory("/run/osbuild/tree")))
        .containsExactly("/usr/bin/setpriv", "--pdeathsig", "KILL", "--",
            "/usr/bin/unshare", "--pid", "--fork", "--kill-child=KILL", "--mount-proc",
            "--root=/staging/root", "--wd=/run/osbuild/tree", "--", "ls", "-l");
  }

  @Test
  void argumentsThatLookLikeOptionsReachTheCommandUnread() {
    assertThat(RootedCommandLine.of(tools, "/r", Command.of("--help", "--root=/")))
        .endsWith("--", "--help", "--root=/");
  }
}
