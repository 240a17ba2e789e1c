package org.osbuildj.store;

/**
 * How a {@link FileStore} takes writable snapshots of stored trees.
 *
 * <ul>
 *   <li>{@link #COPY}: a workspace is a plain directory, filled by {@code cp -a --reflink=auto};
 *       works without root and without overlayfs; the cost grows with the tree (except on
 *       filesystems with reflinks).
 *   <li>{@link #OVERLAY}: each stored tree is a layer on its parent; a workspace is an overlayfs
 *       view (mounted by the isolation, in a private mount namespace) with a fresh upper directory.
 *       Snapshot and commit cost grow with what a stage changes, not with the tree. Needs root.
 *   <li>{@link #AUTO}: the mode the store was created with, or for a new store OVERLAY when running
 *       as root with overlayfs in the kernel, else COPY.
 * </ul>
 */
public enum SnapshotMode {
  AUTO,
  COPY,
  OVERLAY
}
