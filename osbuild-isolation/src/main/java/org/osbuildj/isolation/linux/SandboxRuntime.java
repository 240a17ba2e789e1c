package org.osbuildj.isolation.linux;

import java.nio.file.Path;

/**
 * What every sandbox of one isolation shares: the program that starts commands, the id map of their
 * user namespaces, and a user namespace with that map for id-mapped mounts.
 *
 * @param program the installed sandbox program (see {@link SandboxProgram})
 * @param ids the id map of every sandbox's user namespace
 * @param usernsFd a descriptor of a user namespace with {@code ids}
 */
record SandboxRuntime(Path program, IdMapping ids, int usernsFd) {

  static SandboxRuntime create() {
    Path program = SandboxProgram.install();
    IdMapping ids = IdMapping.SANDBOX;
    return new SandboxRuntime(program, ids, MappedUserNamespace.descriptor(program, ids));
  }
}
