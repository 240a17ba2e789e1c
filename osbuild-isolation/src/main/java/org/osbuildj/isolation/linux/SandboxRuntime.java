package org.osbuildj.isolation.linux;

import java.nio.file.Path;

/**
 * What every sandbox of one isolation shares: the program that starts commands, the id map of their
 * user namespaces, and a user namespace with that map for id-mapped mounts.
 *
 * <p>A sandbox in the trusted profile that mounts block devices ({@link #withHostIds}) has no user
 * namespace of its own: its commands are the host's root, and its mounts show owners unmapped.
 *
 * @param program the installed sandbox program (see {@link SandboxProgram})
 * @param ids the id map of every sandbox's user namespace
 * @param usernsFd a descriptor of a user namespace with {@code ids}
 * @param hostIds whether this sandbox's commands keep the host's ids instead
 */
record SandboxRuntime(Path program, IdMapping ids, int usernsFd, boolean hostIds) {

  static SandboxRuntime create() {
    Path program = SandboxProgram.install();
    IdMapping ids = IdMapping.SANDBOX;
    return new SandboxRuntime(program, ids, MappedUserNamespace.descriptor(program, ids), false);
  }

  /** The same runtime for a sandbox whose commands run with the host's ids. */
  SandboxRuntime withHostIds() {
    return new SandboxRuntime(program, ids, usernsFd, true);
  }

  /** The host id of the sandbox's root: who owns what it writes. */
  int hostRoot() {
    return hostIds ? 0 : ids.hostRoot();
  }

  /** The user namespace that mounts are mapped through; -1 for none (plain bind mounts). */
  int mountUsernsFd() {
    return hostIds ? -1 : usernsFd;
  }

  /** The id map as the sandbox program takes it: {@code BASE:COUNT}, or {@code host}. */
  String mapArgument() {
    return hostIds ? "host" : ids.argument();
  }
}
