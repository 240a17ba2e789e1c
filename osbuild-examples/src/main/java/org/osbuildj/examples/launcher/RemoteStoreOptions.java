package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osbuildj.core.disk.DataSize;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.registry.AuthFiles;
import org.osbuildj.store.registry.RegistryAddress;
import org.osbuildj.store.remote.RemoteReport;
import org.osbuildj.store.remote.RemoteStore;
import picocli.CommandLine.Option;

/** The options of a store shared through OCI registries, for building and for {@code store}. */
final class RemoteStoreOptions {
  @Option(
      names = "--remote-store",
      paramLabel = "oci://HOST[:PORT]/REPO",
      description =
          "Share the store through this OCI registry repository (repeatable): trees missing here are"
              + " pulled from the first that has them, and every stored tree is pushed to the first.")
  List<String> remotes;

  @Option(
      names = "--remote-store-pull-only",
      description = "Only pull from the remote stores; never push.")
  boolean pullOnly;

  @Option(
      names = "--remote-store-insecure",
      description = "Talk to the remote stores over plain HTTP, not TLS.")
  boolean insecure;

  @Option(
      names = "--remote-store-ca",
      paramLabel = "FILE",
      description = "Trust the CA certificates in this PEM file (instead of the system's) for TLS.")
  Path caCertificate;

  @Option(
      names = "--remote-store-timeout",
      paramLabel = "SECONDS",
      description = "How long a registry may take to connect or answer (default 30).")
  Long timeoutSeconds;

  boolean given() {
    return remotes != null && !remotes.isEmpty();
  }

  /** The registries named, checked before anything is opened. */
  List<RegistryAddress> addresses() throws UsageException {
    if (!given()) {
      if (pullOnly || insecure || caCertificate != null || timeoutSeconds != null) {
        throw new UsageException(
            "the --remote-store-* options need --remote-store oci://HOST/REPO");
      }
      return List.of();
    }
    List<RegistryAddress> addresses = new ArrayList<>();
    for (String remote : remotes) {
      try {
        addresses.add(RegistryAddress.parse(remote));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--remote-store " + remote + ": " + e.getMessage());
      }
    }
    if (caCertificate != null && !Files.isReadable(caCertificate)) {
      throw new UsageException("--remote-store-ca " + caCertificate + ": no such readable file");
    }
    if (timeoutSeconds != null && (timeoutSeconds < 1 || timeoutSeconds > 3600)) {
      throw new UsageException(
          "--remote-store-timeout " + timeoutSeconds + ": expected 1 to 3600 seconds");
    }
    return addresses;
  }

  /** The remote store over {@code local}; warnings go to {@code stderr} as they happen. */
  RemoteStore open(FileStore local, Map<String, String> environment, PrintStream stderr)
      throws IOException, UsageException {
    RemoteStore.Builder builder =
        RemoteStore.builder(local)
            .pullOnly(pullOnly)
            .insecure(insecure)
            .authFiles(
                AuthFiles.fromEnvironment(
                    environment,
                    Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")))))
            .warnings(w -> stderr.println("osbuild: warning: " + w));
    if (caCertificate != null) builder.caCertificate(caCertificate);
    if (timeoutSeconds != null) builder.timeout(Duration.ofSeconds(timeoutSeconds));
    for (RegistryAddress address : addresses()) builder.remote(address);
    return builder.build();
  }

  /** One line per tree moved. */
  static List<String> lines(RemoteReport report) {
    List<String> lines = new ArrayList<>();
    for (RemoteReport.Transfer t : report.pulled()) {
      lines.add("pulled " + t.treeId() + " from " + t.remote() + " (" + amount(t) + ")");
    }
    for (RemoteReport.Transfer t : report.pushed()) {
      lines.add("pushed " + t.treeId() + " to " + t.remote() + " (" + amount(t) + ")");
    }
    return lines;
  }

  private static String amount(RemoteReport.Transfer t) {
    return t.layers()
        + (t.layers() == 1 ? " layer, " : " layers, ")
        + DataSize.ofBytes(t.bytes()).toHumanString();
  }
}
