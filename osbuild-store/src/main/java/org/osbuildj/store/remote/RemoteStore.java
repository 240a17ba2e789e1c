package org.osbuildj.store.remote;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.osbuildj.core.store.SourceStore;
import org.osbuildj.core.store.Store;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.store.FileStore;
import org.osbuildj.store.registry.AuthFiles;
import org.osbuildj.store.registry.RegistryAccessDeniedException;
import org.osbuildj.store.registry.RegistryAddress;
import org.osbuildj.store.registry.RegistryClient;
import org.osbuildj.store.registry.RegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link FileStore} shared through OCI registries. On a local miss it asks the registries (in
 * order) for the tree, pulls what the local store lacks, verifies every digest and size, and
 * imports it atomically; so the executor's search for the longest stored prefix, newest first,
 * finds what any machine has published. After each local commit it publishes the tree to the first
 * registry in the background; {@link #awaitPushes()} (or {@link #close()}) waits for those.
 *
 * <p>A registry never fails a build: whatever goes wrong (unreachable, refusing, failing, slow, a
 * blob that is not what its digest says) is a warning, and the tree is built locally. A registry
 * that is down, refuses us or fails is not asked again in this build.
 *
 * <pre>{@code
 * FileStore local = FileStore.open(storeDir);
 * try (RemoteStore store = RemoteStore.builder(local)
 *         .remote(RegistryAddress.parse("oci://registry.example:5000/team/trees"))
 *         .build();
 *     Osbuild osbuild = Osbuild.builder().store(store).isolation(isolation).build()) {
 *   osbuild.build(pipeline, output);
 *   store.awaitPushes().pushed().forEach(System.out::println);
 * }
 * }</pre>
 */
public final class RemoteStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteStore.class);

  private final FileStore local;
  private final List<Remote> remotes;
  private final boolean pullOnly;
  private final Consumer<String> warnings;
  private final ExecutorService pusher;
  private final List<Future<?>> pushes = new ArrayList<>();
  private final RemoteReport report = new RemoteReport();

  /** A registry and whether it is still worth asking in this build. */
  static final class Remote {
    final RegistryClient client;
    volatile boolean down;
    volatile boolean pushDenied;

    Remote(RegistryClient client) {
      this.client = client;
    }
  }

  private RemoteStore(Builder b) throws IOException {
    this.local = b.local;
    this.pullOnly = b.pullOnly;
    this.warnings = b.warnings;
    List<Remote> list = new ArrayList<>();
    RegistryClient.Options options =
        new RegistryClient.Options(b.insecure, Optional.ofNullable(b.caCertificate), b.timeout);
    for (RegistryAddress address : b.addresses) {
      list.add(
          new Remote(new RegistryClient(address, options, b.authFiles.find(address.registry()))));
    }
    this.remotes = List.copyOf(list);
    this.pusher =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "remote-store-push");
              t.setDaemon(true);
              return t;
            });
  }

  public static Builder builder(FileStore local) {
    return new Builder(local);
  }

  public FileStore local() {
    return local;
  }

  /** The registries, in the order they are asked; the first is published to. */
  public List<RegistryAddress> remotes() {
    return remotes.stream().map(r -> r.client.address()).toList();
  }

  /** Stored locally, or pulled now from the first registry that has it. */
  @Override
  public boolean contains(String treeId) throws IOException {
    if (local.contains(treeId)) return true;
    for (Remote remote : remotes) {
      if (remote.down) continue;
      try {
        Optional<TreePuller.Pulled> pulled = new TreePuller(local, remote.client).pull(treeId);
        if (pulled.isPresent()) {
          report.pulled(
              new RemoteReport.Transfer(
                  treeId, remote.client.address(), pulled.get().layers(), pulled.get().bytes()));
          return true;
        }
      } catch (IOException | RuntimeException e) {
        failed(remote, "pulling " + treeId, e);
      }
    }
    return false;
  }

  /**
   * Pulls one tree from the registries, as a build would.
   *
   * @return false when no registry has it (or none could give it: see {@link #report()})
   */
  public boolean pull(String treeId) throws IOException {
    return contains(treeId);
  }

  /** Publishes one stored tree to the first registry now; failures are reported, as in a build. */
  public void push(String treeId) {
    if (remotes.isEmpty()) return;
    pushNow(treeId);
  }

  @Override
  public Workspace newWorkspace(Optional<String> baseTreeId) throws IOException {
    return local.newWorkspace(baseTreeId);
  }

  @Override
  public void commit(Workspace workspace, TreeRecord record) throws IOException {
    local.commit(workspace, record);
    if (pullOnly || remotes.isEmpty()) return;
    synchronized (pushes) {
      pushes.add(pusher.submit(() -> pushNow(record.treeId())));
    }
  }

  private void pushNow(String treeId) {
    Remote remote = remotes.get(0);
    if (remote.down || remote.pushDenied) return;
    try {
      Optional<RemoteReport.Transfer> pushed = new TreePusher(local, remote.client).push(treeId);
      pushed.ifPresent(report::pushed);
    } catch (IOException | RuntimeException e) {
      failed(remote, "pushing " + treeId, e);
    }
  }

  private void failed(Remote remote, String what, Exception e) {
    boolean down = e instanceof RegistryException r && r.registryDown();
    // A user who may pull and not push: the pulls go on, the pushes stop.
    boolean pushDenied = e instanceof RegistryAccessDeniedException d && !d.pullDenied();
    String message =
        "remote store "
            + remote.client.address()
            + ": "
            + what
            + " failed: "
            + e.getMessage()
            + (down
                ? "; not asked again in this build"
                : pushDenied ? "; not pushed to again in this build" : "; building locally");
    if (down) remote.down = true;
    if (pushDenied) remote.pushDenied = true;
    LOG.debug("{}", message, e);
    report.warning(message);
    warnings.accept(message);
  }

  /** Waits for the pushes started so far, and says what was pulled, pushed and went wrong. */
  public RemoteReport awaitPushes() {
    List<Future<?>> waiting;
    synchronized (pushes) {
      waiting = List.copyOf(pushes);
      pushes.clear();
    }
    for (Future<?> f : waiting) {
      try {
        f.get();
      } catch (ExecutionException e) {
        LOG.warn("remote store: a push failed: {}", e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return report;
  }

  /** What was pulled, pushed and went wrong so far. */
  public RemoteReport report() {
    return report;
  }

  /** The tags of the first registry that are tree ids: what it stores. */
  public List<String> remoteTrees() throws IOException {
    if (remotes.isEmpty()) return List.of();
    return remotes.get(0).client.tags().stream()
        .filter(org.osbuildj.core.json.Sha256::isHex)
        .sorted()
        .toList();
  }

  @Override
  public TreeLease read(String treeId) throws IOException {
    return local.read(treeId);
  }

  @Override
  public Optional<Path> cacheDirectory(String name) throws IOException {
    return local.cacheDirectory(name);
  }

  @Override
  public Optional<SourceStore> sourceStore() {
    return local.sourceStore();
  }

  @Override
  public boolean keepCopy(Path directory, TreeRecord record) throws IOException {
    return local.keepCopy(directory, record);
  }

  @Override
  public boolean copyOut(String treeId, Path target) throws IOException {
    return local.copyOut(treeId, target);
  }

  @Override
  public String describe() {
    return local.describe()
        + " shared through "
        + String.join(", ", remotes().stream().map(RegistryAddress::toString).toList())
        + (pullOnly ? " (pull only)" : "");
  }

  /** Waits for the pushes, then closes the local store. */
  @Override
  public void close() throws IOException {
    try {
      awaitPushes();
    } finally {
      pusher.shutdownNow();
      local.close();
    }
  }

  /** Options of a {@link RemoteStore}. */
  public static final class Builder {
    private final FileStore local;
    private final List<RegistryAddress> addresses = new ArrayList<>();
    private boolean pullOnly;
    private boolean insecure;
    private Path caCertificate;
    private Duration timeout = Duration.ofSeconds(30);
    private AuthFiles authFiles = AuthFiles.fromEnvironment();
    private Consumer<String> warnings = w -> {};

    private Builder(FileStore local) {
      this.local = Objects.requireNonNull(local, "local");
    }

    /** A registry repository; the first one given is published to, all are pulled from. */
    public Builder remote(RegistryAddress address) {
      addresses.add(Objects.requireNonNull(address, "address"));
      return this;
    }

    /** Only pull: for machines that must not publish. */
    public Builder pullOnly(boolean pullOnly) {
      this.pullOnly = pullOnly;
      return this;
    }

    /** Plain HTTP instead of TLS (a registry on a trusted network, or a test's). */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /** Trust the CA certificates of this PEM file instead of the JVM's trust store. */
    public Builder caCertificate(Path pemFile) {
      this.caCertificate = pemFile;
      return this;
    }

    /** How long a registry may take to connect or answer (default 30 s). */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** Where credentials are looked up (default: podman's and docker's files of this user). */
    public Builder authFiles(AuthFiles authFiles) {
      this.authFiles = Objects.requireNonNull(authFiles, "authFiles");
      return this;
    }

    /** Told each warning as it happens (the launcher prints them). */
    public Builder warnings(Consumer<String> warnings) {
      this.warnings = Objects.requireNonNull(warnings, "warnings");
      return this;
    }

    public RemoteStore build() throws IOException {
      return new RemoteStore(this);
    }
  }
}
