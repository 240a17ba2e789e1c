package org.osbuildj.core.testing;

import java.util.ArrayList;
import java.util.List;
import org.osbuildj.core.isolation.HostIsolation;
import org.osbuildj.core.isolation.Isolation;
import org.osbuildj.core.isolation.SandboxSpec;
import org.osbuildj.core.isolation.SandboxWork;

/**
 * A fake isolation for executor tests: runs the work through the host isolation, and records every
 * sandbox it was asked for, so tests can check what ran with which build root, network and inputs.
 */
public final class RecordingIsolation implements Isolation {
  private final Isolation delegate = new HostIsolation();
  private final List<SandboxSpec> sandboxes = new ArrayList<>();
  private final boolean allowBuildRoot;

  /**
   * @param allowBuildRoot accept a build pipeline's root (the work still runs on the host)
   */
  public RecordingIsolation(boolean allowBuildRoot) {
    this.allowBuildRoot = allowBuildRoot;
  }

  public synchronized List<SandboxSpec> sandboxes() {
    return List.copyOf(sandboxes);
  }

  @Override
  public String name() {
    return "recording";
  }

  @Override
  public boolean isolates() {
    return false;
  }

  @Override
  public <T> T run(SandboxSpec spec, SandboxWork<T> work) throws Exception {
    synchronized (this) {
      sandboxes.add(spec);
    }
    SandboxSpec onHost = allowBuildRoot ? spec.withBuildRoot(null) : spec;
    return delegate.run(onHost, work);
  }
}
