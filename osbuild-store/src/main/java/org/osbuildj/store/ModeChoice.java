package org.osbuildj.store;

import java.util.Optional;
import org.osbuildj.core.host.Host;
import org.osbuildj.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Settles the snapshot mode from what was asked, what the store was made with, and the host. */
final class ModeChoice {
  private static final Logger LOG = LoggerFactory.getLogger(ModeChoice.class);

  private ModeChoice() {}

  static SnapshotMode choose(
      SnapshotMode requested,
      Optional<SnapshotMode> recorded,
      String store,
      boolean overlayPossible) {
    if (recorded.isPresent()) {
      SnapshotMode mode = recorded.get();
      if (requested != SnapshotMode.AUTO && requested != mode) {
        throw new StoreException(
            "the store at "
                + store
                + " keeps "
                + describe(mode)
                + "; it cannot be "
                + "opened in "
                + requested
                + " mode (use another store directory)");
      }
      if (mode == SnapshotMode.OVERLAY && !overlayPossible) {
        throw new StoreException(
            "the store at "
                + store
                + " keeps overlay layers, which need root and "
                + "overlayfs; open it as root, or use another store directory");
      }
      log(mode, requested == SnapshotMode.AUTO ? "the store was created so" : "as asked");
      return mode;
    }
    if (requested == SnapshotMode.OVERLAY && !overlayPossible) {
      throw new StoreException(
          "overlay snapshots need root and overlayfs in the kernel; use COPY or AUTO");
    }
    if (requested != SnapshotMode.AUTO) {
      log(requested, "as asked");
      return requested;
    }
    if (overlayPossible) {
      log(SnapshotMode.OVERLAY, "running as root with overlayfs");
      return SnapshotMode.OVERLAY;
    }
    log(SnapshotMode.COPY, "overlayfs needs root");
    return SnapshotMode.COPY;
  }

  static boolean overlayPossibleHere() {
    return Host.isRoot() && Host.kernelHasFilesystem("overlay");
  }

  private static void log(SnapshotMode mode, String why) {
    LOG.info(
        "store: {} ({})",
        mode == SnapshotMode.OVERLAY ? "layering trees with overlayfs" : "copying trees",
        why);
  }

  private static String describe(SnapshotMode mode) {
    return mode == SnapshotMode.OVERLAY ? "overlay layers" : "copied trees";
  }
}
