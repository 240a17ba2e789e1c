package org.osbuildj.examples.bench;

import java.util.List;

/**
 * How much to measure. Quick finishes in minutes and runs in CI; full repeats each scenario to get
 * a median worth quoting, and adds the 1 GiB snapshot and the peer.
 */
enum BenchMode {
  QUICK(1, 3, 1, List.of("10M", "100M"), 1, 20, false, 1, 1, false),
  FULL(3, 5, 3, List.of("10M", "100M", "1G"), 3, 50, true, 2, 2, true);

  final int coldRuns;
  final int noopRuns;
  final int incrementalRuns;
  final List<String> snapshotSizes;
  final int snapshotRuns;
  final int isolationRuns;
  final boolean peer;
  final int sharedStoreRuns;
  final int assemblerRuns;

  /** Whether the arm64 image is built (some minutes under emulation, and a warm-up build). */
  final boolean arm64;

  BenchMode(
      int coldRuns,
      int noopRuns,
      int incrementalRuns,
      List<String> snapshotSizes,
      int snapshotRuns,
      int isolationRuns,
      boolean peer,
      int sharedStoreRuns,
      int assemblerRuns,
      boolean arm64) {
    this.coldRuns = coldRuns;
    this.noopRuns = noopRuns;
    this.incrementalRuns = incrementalRuns;
    this.snapshotSizes = snapshotSizes;
    this.snapshotRuns = snapshotRuns;
    this.isolationRuns = isolationRuns;
    this.peer = peer;
    this.sharedStoreRuns = sharedStoreRuns;
    this.assemblerRuns = assemblerRuns;
    this.arm64 = arm64;
  }
}
