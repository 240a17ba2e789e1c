package org.osbuildj.core.isolation;

/** The work done inside a sandbox: a stage's or assembler's body. */
@FunctionalInterface
public interface SandboxWork<T> {
  T run(Sandbox sandbox) throws Exception;
}
