package org.osbuildj.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario 7: the same image built by mkosi (Debian's package), through
 * {@code bench/mkosi/build.sh}, which holds the configuration and this machine's workarounds.
 */
final class PeerScenario {
  static final String BUILD_SCRIPT = "mkosi/build.sh";

  private final BenchContext context;

  PeerScenario(BenchContext context) {
    this.context = context;
  }

  void run(Samples ours) throws IOException, InterruptedException {
    Path script = context.benchFile(BUILD_SCRIPT);
    if (!Files.isRegularFile(script)) {
      context.report.note("peer: no " + script + "; mkosi not measured", context.progress);
      return;
    }
    List<Double> seconds = new ArrayList<>();
    for (int i = 1; i <= context.mode.coldRuns; i++) {
      context.say("peer build " + i + "/" + context.mode.coldRuns + ": mkosi");
      Path out = context.freshDirectory("peer-out");
      context.settle();
      seconds.add(TimedRun.run(List.of("bash", script.toString(), out.toString()), Map.of(),
          context.logPrefix("peer-mkosi-" + i)).seconds());
      context.remove(out);
    }
    Samples mkosi = Samples.of(seconds);
    context.report.add(Row.seconds("7 peer", "mkosi, the same image (see the notes for what differs)", mkosi),
        context.progress);
    context.report.add(new Row("7 peer", "ratio osbuild-java cold / mkosi (medians)",
        Row.format("%.2f", ours.median() / mkosi.median()), "-", mkosi.count(), "", Optional.empty()),
        context.progress);
  }
}
