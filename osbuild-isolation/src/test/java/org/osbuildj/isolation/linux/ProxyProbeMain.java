package org.osbuildj.isolation.linux;

import java.nio.file.Path;
import java.util.Optional;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.TreeMount;

/**
 * A JVM, started with proxy variables in its environment, that prints what a command sees of them
 * in each kind of sandbox, with and without the network. Arguments: a build-root tree, a tree. Each
 * line reads {@code <kind> <network|offline> <http_proxy>|<HTTPS_PROXY>|<no_proxy>|<ftp_proxy>}.
 */
public final class ProxyProbeMain {
  private static final String SCRIPT =
      "echo \"$0 ${http_proxy-unset}|${HTTPS_PROXY-unset}|${no_proxy-unset}|${ftp_proxy-unset}\"";

  private ProxyProbeMain() {}

  public static void main(String[] args) throws Exception {
    TreeMount buildRoot = new TreeMount.Directory(Path.of(args[0]));
    TreeMount tree = new TreeMount.Directory(Path.of(args[1]));
    Isolation namespaces = NamespaceIsolation.create();
    for (boolean network : new boolean[] {true, false}) {
      String label = network ? "network" : "offline";
      probe(namespaces, tree, Optional.of(buildRoot), network, "tree-root " + label);
      probe(namespaces, tree, Optional.empty(), network, "host-root " + label);
      probe(new HostIsolation(), tree, Optional.empty(), network, "host-isolation " + label);
    }
    // A command's own setting wins over the JVM's.
    for (String line :
        namespaces.run(
            SandboxSpec.forStage(tree, line -> {}).withBuildRoot(buildRoot).withNetwork(true),
            sandbox ->
                sandbox
                    .exec(
                        Command.of("/bin/sh", "-c", SCRIPT, "command-own network")
                            .withEnvironment("no_proxy", "from-the-command"))
                    .orThrow()
                    .outputTail())) {
      System.out.println(line);
    }
  }

  private static void probe(
      Isolation isolation,
      TreeMount tree,
      Optional<TreeMount> buildRoot,
      boolean network,
      String label)
      throws Exception {
    SandboxSpec spec = SandboxSpec.forStage(tree, line -> {}).withNetwork(network);
    if (buildRoot.isPresent()) {
      spec = spec.withBuildRoot(buildRoot.get());
    }
    SandboxSpec finalSpec = spec;
    for (String line :
        isolation.run(
            finalSpec,
            sandbox ->
                sandbox.exec(Command.of("/bin/sh", "-c", SCRIPT, label)).orThrow().outputTail())) {
      System.out.println(line);
    }
  }
}
