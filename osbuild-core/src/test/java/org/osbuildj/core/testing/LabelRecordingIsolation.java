package org.osbuildj.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.ExecOutput;
import org.osbuildj.core.isolation.ExecResult;
import org.osbuildj.core.isolation.FileLabel;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.SandboxWork;

/**
 * A fake isolation for stages that label their tree: everything runs as in {@link HostIsolation},
 * but {@link Sandbox#labelTree} records the labels instead of writing them (which only the host's
 * root may do), and {@link Sandbox#execCapturing} can be given the output a command would print.
 */
public final class LabelRecordingIsolation implements Isolation {
  private final Isolation host = new HostIsolation();
  private final List<FileLabel> labels = new ArrayList<>();
  private final List<Command> captured = new ArrayList<>();
  private final byte[] cannedOutput;

  private LabelRecordingIsolation(byte[] cannedOutput) {
    this.cannedOutput = cannedOutput;
  }

  /** Commands really run on the host; labels are recorded. */
  public static LabelRecordingIsolation runningCommands() {
    return new LabelRecordingIsolation(null);
  }

  /** Every command whose output is captured prints {@code output} and exits 0, without running. */
  public static LabelRecordingIsolation printing(byte[] output) {
    return new LabelRecordingIsolation(output.clone());
  }

  /** Every label the stage asked for, in order. */
  public synchronized List<FileLabel> labels() {
    return List.copyOf(labels);
  }

  /** Every command whose output the stage captured. */
  public synchronized List<Command> capturedCommands() {
    return List.copyOf(captured);
  }

  @Override
  public String name() {
    return "label-recording";
  }

  @Override
  public boolean isolates() {
    return false;
  }

  @Override
  public <T> T run(SandboxSpec spec, SandboxWork<T> work) throws Exception {
    return host.run(spec, sandbox -> work.run(new Recording(sandbox)));
  }

  private final class Recording implements Sandbox {
    private final Sandbox inner;

    Recording(Sandbox inner) {
      this.inner = inner;
    }

    @Override
    public Path tree() {
      return inner.tree();
    }

    @Override
    public Optional<Path> output() {
      return inner.output();
    }

    @Override
    public String treeInRoot() {
      return inner.treeInRoot();
    }

    @Override
    public Optional<String> outputInRoot() {
      return inner.outputInRoot();
    }

    @Override
    public String inputInRoot(String name) {
      return inner.inputInRoot(name);
    }

    @Override
    public Optional<String> libraryInRoot() {
      return inner.libraryInRoot();
    }

    @Override
    public Optional<String> sourcesInRoot() {
      return inner.sourcesInRoot();
    }

    @Override
    public Optional<String> cacheInRoot(String name) {
      return inner.cacheInRoot(name);
    }

    @Override
    public ExecResult exec(Command command) throws IOException, InterruptedException {
      return inner.exec(command);
    }

    @Override
    public ExecOutput execCapturing(Command command, int maxBytes)
        throws IOException, InterruptedException {
      synchronized (LabelRecordingIsolation.this) {
        captured.add(command);
      }
      if (cannedOutput != null) {
        return new ExecOutput(new ExecResult(command, 0, List.of()), cannedOutput);
      }
      return inner.execCapturing(command, maxBytes);
    }

    @Override
    public int interactive(Command command) throws IOException, InterruptedException {
      return inner.interactive(command);
    }

    @Override
    public ExecResult execInTree(Command command) throws IOException, InterruptedException {
      return inner.execInTree(command);
    }

    @Override
    public void labelTree(List<FileLabel> more) {
      synchronized (LabelRecordingIsolation.this) {
        labels.addAll(more);
      }
    }
  }
}
