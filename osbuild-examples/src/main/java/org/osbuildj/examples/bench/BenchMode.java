package org.osbuildj.examples.bench;

import java.util.List;

/**
 * How much to measure. Quick finishes in minutes and runs in CI; full repeats each scenario to get
 * a median worth quoting, and adds the 1 GiB snapshot and the peer.
 */
enum BenchMode {
  QUICK(1, 3, 1, List.of("10M", "100M"), 1, 20, false),
  FULL(3, 5, 3, List.of("10M", "100M", "1G"), 3, 50, true);

  final int coldRuns;
  final int noopRuns;
  final int incrementalRuns;
  final List<String> snapshotSizes;
  final int snapshotRuns;
  final int isolationRuns;
  final boolean peer;

  BenchMode(
      int coldRuns,
      int noopRuns,
      int incrementalRuns,
      List<String> snapshotSizes,
      int snapshotRuns,
      int isolationRuns,
      boolean peer) {
    this.coldRuns = coldRuns;
    this.noopRuns = noopRuns;
    this.incrementalRuns = incrementalRuns;
    this.snapshotSizes = snapshotSizes;
    this.snapshotRuns = snapshotRuns;
    this.isolationRuns = isolationRuns;
    this.peer = peer;
  }
}
