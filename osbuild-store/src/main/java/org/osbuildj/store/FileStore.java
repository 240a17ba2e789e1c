package org.osbuildj.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.osbuildj.core.store.SourceStore;
import org.osbuildj.core.store.Store;
import org.osbuildj.core.store.StoreException;
import org.osbuildj.core.store.TreeLease;
import org.osbuildj.core.store.TreeRecord;
import org.osbuildj.core.store.Workspace;
import org.osbuildj.store.check.StoreCheck;
import org.osbuildj.store.check.StoreProblem;
import org.osbuildj.store.copy.CopySnapshots;
import org.osbuildj.store.evict.Pruner;
import org.osbuildj.store.evict.StoreUsage;
import org.osbuildj.store.fs.DiskUsage;
import org.osbuildj.store.fs.Durability;
import org.osbuildj.store.fs.TreeCopier;
import org.osbuildj.store.layer.LayerSnapshots;
import org.osbuildj.store.layout.StoreFormat;
import org.osbuildj.store.layout.StoreLayout;
import org.osbuildj.store.layout.TmpArea;
import org.osbuildj.store.layout.TmpEntry;
import org.osbuildj.store.lock.HeldLock;
import org.osbuildj.store.lock.LockTable;
import org.osbuildj.store.lock.StoreUse;
import org.osbuildj.store.object.LockedChain;
import org.osbuildj.store.object.Lookup;
import org.osbuildj.store.object.MetadataFile;
import org.osbuildj.store.object.ObjectDirectory;
import org.osbuildj.store.object.ObjectScan;
import org.osbuildj.store.object.StoredObject;
import org.osbuildj.store.snapshot.Snapshots;
import org.osbuildj.store.snapshot.StoreWorkspace;
import org.osbuildj.store.source.SourceCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The on-disk store of trees by id (and of sources by checksum), shareable by several processes at
 * once. The layout is described in {@code STORE.md}.
 *
 * <pre>{@code
 * try (FileStore store = FileStore.builder(Path.of("/var/cache/osbuild-java"))
 *     .maxSize(20L << 30)
 *     .open()) {
 *   ...hand it to the executor...
 *   store.prune(10L << 30);
 * }
 * }</pre>
 */
public final class FileStore implements Store {
  /** The size limit when none is given: 20 GiB. */
  public static final long DEFAULT_MAX_SIZE = 20L << 30;

  private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);

  private final StoreLayout layout;
  private final SnapshotMode mode;
  private final Snapshots snapshots;
  private final ObjectDirectory objects;
  private final TmpArea tmp;
  private final Pruner pruner;
  private final SourceCache sources;
  private final long maxSize;
  private final Clock clock;
  private final Consumer<Path> beforePublish;
  private final StoreUse use;
  private volatile boolean closed;

  private FileStore(Builder builder, StoreLayout layout, SnapshotMode mode) {
    LockTable locks = LockTable.jvmWide();
    this.use = new StoreUse(locks, this::pruneWhenIdle);
    this.layout = layout;
    this.mode = mode;
    this.snapshots =
        mode == SnapshotMode.OVERLAY
            ? new LayerSnapshots(layout, builder.maxLayers)
            : new CopySnapshots();
    this.objects = new ObjectDirectory(layout, locks, snapshots.dataDirName());
    this.tmp = new TmpArea(layout.tmp(), locks);
    this.pruner = new Pruner(layout, locks, objects, tmp);
    this.sources = new SourceCache(layout.sources(), tmp, () -> use.hold(layout.sourcesLock()));
    this.maxSize = builder.maxSize;
    this.clock = builder.clock;
    this.beforePublish = builder.beforePublish;
  }

  /** Opens (creating if needed) the store at {@code dir} with the default options. */
  public static FileStore open(Path dir) throws IOException {
    return builder(dir).open();
  }

  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /**
   * Whether a store on this host can take {@link SnapshotMode#OVERLAY} snapshots: running as root,
   * with overlayfs in the kernel. {@link SnapshotMode#AUTO} picks it for a new store when it can.
   *
   * @return true when an overlay store can be opened here
   */
  public static boolean overlaySnapshotsAvailable() {
    return ModeChoice.overlayPossibleHere();
  }

  /** The mode this store takes snapshots in (never AUTO). */
  public SnapshotMode mode() {
    return mode;
  }

  public SourceCache sources() {
    return sources;
  }

  @Override
  public Optional<SourceStore> sourceStore() {
    ensureOpen();
    return Optional.of(sources);
  }

  @Override
  public Optional<Path> cacheDirectory(String name) throws IOException {
    ensureOpen();
    if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
      throw new IllegalArgumentException(
          "a cache name is lower-case letters, digits and . _ -: '" + name + "'");
    }
    // Held until the build ends: the size limit takes no cache a stage may be writing into.
    use.hold(layout.cacheLock(name));
    Path cache = Files.createDirectories(layout.caches().resolve(name));
    // Its time is its last use, which orders eviction.
    Files.setLastModifiedTime(cache, FileTime.from(clock.instant()));
    return Optional.of(cache);
  }

  /**
   * Where a build keeps its steps' logs in this store ({@code logs/ID.log}, handed to {@code
   * Osbuild.Builder.logDirectory}): they count in the size limit, go with their trees, and are
   * removed by {@link #removeAll}.
   */
  public Path logDirectory() {
    return layout.logs();
  }

  /** What the store takes on disk: trees, logs, caches and sources. */
  public StoreUsage usage() throws IOException {
    ensureOpen();
    return pruner.usage();
  }

  /**
   * Whether a usable tree is stored under this id. A damaged object (see {@link #check}) is set
   * aside, with a warning naming it and its file, and counts as missing, so the build makes it
   * again; one another build holds is left to that build, and counts as missing too.
   */
  @Override
  public boolean contains(String treeId) throws IOException {
    ensureOpen();
    return lookUp(ObjectDirectory.checkId(treeId)) instanceof Lookup.Found;
  }

  /** The object under {@code id}; a damaged one is set aside when nobody holds it. */
  private Lookup lookUp(String id) throws IOException {
    Lookup found = objects.lookup(id);
    if (found instanceof Lookup.Damaged damaged) {
      if (objects.setAside(damaged, tmp)) {
        return new Lookup.Missing();
      }
      LOG.warn("store: damaged {}; another build holds it, so it stays until that ends", damaged);
    }
    return found;
  }

  /** Before storing under {@code id}: true when a usable object is there already. */
  private boolean storedAlready(String id) throws IOException {
    Lookup found = lookUp(id);
    if (found instanceof Lookup.Damaged damaged) {
      throw new StoreException(
          "cannot store "
              + damaged
              + " (damaged, and in use by another build): build again once that build has ended");
    }
    return found instanceof Lookup.Found;
  }

  @Override
  public Workspace newWorkspace(Optional<String> baseTreeId) throws IOException {
    ensureOpen();
    Optional<LockedChain> base = Optional.empty();
    TmpEntry entry = tmp.create("workspace");
    try {
      if (baseTreeId.isPresent()) {
        base = Optional.of(objects.lockChain(baseTreeId.get()));
        objects.touch(baseTreeId.get(), clock.instant());
      }
      StoreWorkspace workspace = snapshots.newWorkspace(this, entry, base);
      use.opened(workspace);
      workspace.whenClosed(() -> use.closed(workspace));
      return workspace;
    } catch (IOException | RuntimeException e) {
      base.ifPresent(LockedChain::close);
      entry.close();
      throw e;
    }
  }

  @Override
  public void commit(Workspace workspace, TreeRecord record) throws IOException {
    ensureOpen();
    if (!(workspace instanceof StoreWorkspace ours) || !ours.belongsTo(this)) {
      throw new IllegalArgumentException("this workspace was not made by " + describe());
    }
    String id = ObjectDirectory.checkId(record.treeId());
    if (storedAlready(id)) {
      LOG.debug("store: tree {} is already stored; keeping that one", id);
      continueFrom(ours, id);
      return;
    }
    try (TmpEntry entry = tmp.create("commit")) {
      Path objectDir = Files.createDirectory(entry.path().resolve("object"));
      Optional<String> below =
          ours.fill(objectDir.resolve(objects.dataDirName()), objects.dataDir(id));
      // Locked before it appears, so a pruner cannot take it before our workspace stands on it.
      try (HeldLock fresh = publish(objectDir, id, record, below)) {
        continueFrom(ours, id);
      }
    }
    enforceSizeLimit();
  }

  /**
   * Makes a filled object directory durable, describes it and moves it into place under {@code id},
   * returning the shared lock taken on it before it became visible.
   */
  private HeldLock publish(Path objectDir, String id, TreeRecord record, Optional<String> below)
      throws IOException {
    Durability.syncTree(objectDir);
    long size = DiskUsage.bytes(objectDir);
    StoredObject object =
        new StoredObject(
            id,
            record.stageName(),
            record.parentId(),
            below,
            clock.instant(),
            size,
            clock.instant());
    MetadataFile.write(objectDir, object);
    Durability.fsync(objectDir);
    beforePublish.accept(objectDir);
    HeldLock lock = objects.lockShared(id);
    try {
      if (!objects.publish(objectDir, id)) {
        LOG.debug("store: another builder stored {} first; discarding ours", id);
      }
      return lock;
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Kept as an object of one layer, so that both snapshot modes read it as a plain directory. */
  @Override
  public boolean keepCopy(Path directory, TreeRecord record) throws IOException {
    ensureOpen();
    String id = ObjectDirectory.checkId(record.treeId());
    if (storedAlready(id)) {
      objects.touch(id, clock.instant());
      return true;
    }
    try (TmpEntry entry = tmp.create("commit")) {
      Path objectDir = Files.createDirectory(entry.path().resolve("object"));
      TreeCopier.copy(directory, objectDir.resolve(objects.dataDirName()));
      publish(objectDir, id, record, Optional.empty()).close();
    }
    enforceSizeLimit();
    return true;
  }

  @Override
  public boolean copyOut(String treeId, Path target) throws IOException {
    ensureOpen();
    if (!(lookUp(ObjectDirectory.checkId(treeId)) instanceof Lookup.Found)) {
      return false;
    }
    try {
      export(treeId, target);
    } catch (StoreException e) {
      // Evicted between the look and the lock: as good as never kept.
      if (objects.exists(treeId)) throw e;
      return false;
    }
    objects.touch(treeId, clock.instant());
    return true;
  }

  private void continueFrom(StoreWorkspace workspace, String id) throws IOException {
    objects.touch(id, clock.instant());
    workspace.continueFrom(objects.lockChain(id));
  }

  @Override
  public TreeLease read(String treeId) throws IOException {
    ensureOpen();
    LockedChain chain = objects.lockChain(treeId);
    try {
      objects.touch(treeId, clock.instant());
      StoreLease lease =
          new StoreLease(treeId, snapshots.readOnlyMount(chain.dataDirs()), chain, use::closed);
      use.opened(lease);
      return lease;
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  /**
   * A stored tree's layers, bottom first, locked until the result is closed (for the remote store,
   * which publishes them).
   *
   * @throws StoreException when the tree is not stored
   */
  public StoredLayers layers(String treeId) throws IOException {
    ensureOpen();
    LockedChain chain = objects.lockChain(ObjectDirectory.checkId(treeId));
    try {
      List<StoredLayers.Layer> layers = new ArrayList<>();
      for (int i = chain.ids().size() - 1; i >= 0; i--) {
        String id = chain.ids().get(i);
        layers.add(
            new StoredLayers.Layer(
                objects.metadata(id), chain.dataDirs().get(i), layout.object(id)));
      }
      return new StoredLayers(mode, layers, chain);
    } catch (IOException | RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  /** Fills a tree brought from elsewhere (see {@link #importTree}). */
  @FunctionalInterface
  public interface TreeFiller {
    /**
     * Makes {@code dataDir} (which does not exist yet): the whole tree in a copy store, the layer
     * on top of the one it stands on in an overlay store. {@code objectDir} may take files of the
     * caller's (not {@code meta.json}); {@code scratch} is an empty directory deleted afterwards.
     */
    void fill(Path dataDir, Path objectDir, Path scratch) throws IOException;
  }

  /**
   * Stores a tree made outside a build (pulled from a remote store) under {@code record.treeId()},
   * as a commit does: complete or not at all, by one rename. In an overlay store it may stand on
   * the stored object {@code layerBelow}, which is locked meanwhile. A filler's failure stores
   * nothing and is passed on.
   *
   * @return false when the id was stored already (the filler is not called)
   */
  public boolean importTree(TreeRecord record, Optional<String> layerBelow, TreeFiller filler)
      throws IOException {
    ensureOpen();
    String id = ObjectDirectory.checkId(record.treeId());
    if (layerBelow.isPresent() && mode != SnapshotMode.OVERLAY) {
      throw new IllegalArgumentException("only an overlay store keeps trees as layers");
    }
    if (storedAlready(id)) {
      return false;
    }
    Optional<LockedChain> below = Optional.empty();
    try {
      if (layerBelow.isPresent()) below = Optional.of(objects.lockChain(layerBelow.get()));
      try (TmpEntry entry = tmp.create("import")) {
        Path objectDir = Files.createDirectory(entry.path().resolve("object"));
        Path scratch = Files.createDirectory(entry.path().resolve("scratch"));
        filler.fill(objectDir.resolve(objects.dataDirName()), objectDir, scratch);
        publish(objectDir, id, record, layerBelow).close();
      }
    } finally {
      below.ifPresent(LockedChain::close);
    }
    enforceSizeLimit();
    return true;
  }

  /** A private scratch directory in the store, deleted when closed (and after a crash). */
  public TmpEntry scratch(String purpose) throws IOException {
    ensureOpen();
    return tmp.create(purpose);
  }

  /**
   * Writes the whole stored tree {@code treeId} to {@code target} (which must not exist), for users
   * who want the tree itself rather than an image made from it.
   */
  public void export(String treeId, Path target) throws IOException {
    ensureOpen();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("export target " + target + " already exists");
    }
    try (LockedChain chain = objects.lockChain(treeId)) {
      snapshots.export(chain.dataDirs(), target);
    }
  }

  /** Every stored tree with its size and when it was last used. */
  public List<StoredObject> list() throws IOException {
    ensureOpen();
    return objects.list();
  }

  /**
   * Evicts until the store takes at most {@code targetBytes}, counting trees, logs, caches and
   * sources: least recently used trees (with their logs) and logs of trees that are gone first,
   * then caches and source files. What a build uses is kept. Returns the bytes the store takes
   * afterwards.
   */
  public long prune(long targetBytes) throws IOException {
    ensureOpen();
    releaseIfIdle();
    return pruner.prune(targetBytes);
  }

  /**
   * Looks at every stored tree (its {@code meta.json} parses and names its id, its tree or layer
   * directory is there, every layer it stands on is there and sound) and hashes every source file
   * again. With {@code repair}, each damaged tree and source is set aside, except a tree that a
   * running build holds. Without it, nothing is changed.
   */
  public StoreCheck check(boolean repair) throws IOException {
    ensureOpen();
    ObjectScan scan = objects.scan();
    List<StoreProblem> problems = new ArrayList<>();
    for (Lookup.Damaged damaged : scan.damaged()) {
      // Looked at again: an object evicted since the scan is gone, not damaged.
      if (!(objects.lookup(damaged.id()) instanceof Lookup.Damaged)) {
        continue;
      }
      boolean repaired = repair && objects.setAside(damaged, tmp);
      problems.add(
          new StoreProblem(
              "tree " + damaged.id(),
              damaged.file(),
              damaged.reason() + (repair && !repaired ? " (in use by a running build)" : ""),
              repaired));
    }
    SourceCache.Check sourceCheck = sources.check(repair);
    for (SourceCache.BadFile bad : sourceCheck.bad()) {
      problems.add(
          new StoreProblem(
              "source sha256:" + bad.file().getFileName(),
              bad.file(),
              bad.reason(),
              bad.removed()));
    }
    return new StoreCheck(
        scan.usable().size() + scan.damaged().size(), sourceCheck.files(), problems);
  }

  /**
   * Removes every tree, log, cache and source file not in use by a running build. Returns the bytes
   * the store still takes.
   */
  public long removeAll() throws IOException {
    ensureOpen();
    releaseIfIdle();
    return pruner.prune(0);
  }

  /** A store that runs no build lets go of the caches and sources it used, so it can prune them. */
  private void releaseIfIdle() {
    if (use.idle()) {
      use.releaseHeld();
    }
  }

  @Override
  public String describe() {
    return "store at " + layout.root();
  }

  /** Closes the store's open workspaces and leases too. */
  @Override
  public void close() throws IOException {
    closed = true;
    IOException failure = null;
    for (AutoCloseable resource : use.openResources()) {
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IOException("closing the " + describe(), e);
        }
      }
    }
    use.releaseHeld();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * After a commit: evicts what no build holds. The build that committed still holds its tree (and
   * in overlay mode the layers under it), so the store may stay above the limit until it is idle.
   */
  private void enforceSizeLimit() throws IOException {
    long left = pruneToLimit();
    if (left > maxSize) {
      LOG.debug(
          "store: {} bytes stay above the limit of {} bytes while builds hold them", left, maxSize);
    }
  }

  /**
   * The final prune, once this store's last workspace or lease is closed (the end of a build): what
   * the build held can go now, so the limit holds unless other builds hold more than it allows.
   * Never fails the build that is ending: a failure is only logged.
   */
  private void pruneWhenIdle() {
    try {
      long left = pruneToLimit();
      if (left > maxSize) {
        LOG.warn(
            "store: {} bytes stay above the limit of {} bytes: other builds hold them",
            left,
            maxSize);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("store: could not prune the {} to its limit: {}", describe(), e.getMessage());
    }
  }

  /**
   * Prunes to the limit when the store is over it. Measured first without the store lock, which
   * pruning takes exclusively: a build under the limit never waits for another process's prune.
   */
  private long pruneToLimit() throws IOException {
    long total = pruner.usage().total();
    return total <= maxSize ? total : pruner.prune(maxSize);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(describe() + " is closed");
    }
  }

  /** Options of a {@link FileStore}. */
  public static final class Builder {
    private final Path dir;
    private SnapshotMode mode = SnapshotMode.AUTO;
    private long maxSize = DEFAULT_MAX_SIZE;
    private int maxLayers = LayerSnapshots.DEFAULT_MAX_LAYERS;
    private Clock clock = Clock.systemUTC();
    private Consumer<Path> beforePublish = dir -> {};

    private Builder(Path dir) {
      this.dir = Objects.requireNonNull(dir, "dir");
    }

    public Builder mode(SnapshotMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /**
     * The size the store may take (trees, step logs, caches and sources) before the least recently
     * used are evicted (default 20 GiB).
     */
    public Builder maxSize(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("maxSize must not be negative: " + bytes);
      }
      this.maxSize = bytes;
      return this;
    }

    /**
     * In overlay mode, how many layers a tree may stand on before a commit flattens them into one
     * (default 100; fewer are used when the layers' paths would not fit in one mount option page).
     */
    public Builder maxLayers(int layers) {
      if (layers < 1 || layers > LayerSnapshots.KERNEL_MAX_LAYERS) {
        throw new IllegalArgumentException(
            "maxLayers must be 1.." + LayerSnapshots.KERNEL_MAX_LAYERS);
      }
      this.maxLayers = layers;
      return this;
    }

    /** The clock for created and last-used times (tests give a fixed one). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** For crash tests: called with a complete object directory just before it is published. */
    Builder beforePublish(Consumer<Path> hook) {
      this.beforePublish = Objects.requireNonNull(hook, "hook");
      return this;
    }

    public FileStore open() throws IOException {
      StoreLayout layout = new StoreLayout(dir);
      Files.createDirectories(layout.root());
      SnapshotMode chosen;
      // Exclusive while the layout is made, so two processes opening a new store agree on its mode.
      try (HeldLock lock = LockTable.jvmWide().exclusive(layout.storeLock())) {
        Optional<StoreFormat> format =
            Files.exists(layout.formatFile())
                ? Optional.of(StoreFormat.read(layout.formatFile()))
                : Optional.empty();
        chosen =
            ModeChoice.choose(
                mode,
                format.map(StoreFormat::snapshots),
                layout.root().toString(),
                ModeChoice.overlayPossibleHere());
        if (chosen == SnapshotMode.OVERLAY) {
          LayerSnapshots.checkUsableRoot(layout.root());
        }
        for (Path d :
            List.of(
                layout.objects(),
                layout.locks(),
                layout.sources(),
                layout.tmp(),
                layout.emptyLayer())) {
          Files.createDirectories(d);
        }
        // Mode 0755 whatever the umask: it is the root of trees that start empty in overlay mode.
        Files.setPosixFilePermissions(
            layout.emptyLayer(), PosixFilePermissions.fromString("rwxr-xr-x"));
        if (format.isEmpty()) {
          new StoreFormat(StoreFormat.CURRENT_VERSION, chosen).write(layout.formatFile());
        }
      } catch (IOException e) {
        throw new StoreException(
            "cannot open the store at " + layout.root() + ": " + e.getMessage(), e);
      }
      FileStore store = new FileStore(this, layout, chosen);
      store.tmp.cleanLeftovers();
      return store;
    }
  }
}
