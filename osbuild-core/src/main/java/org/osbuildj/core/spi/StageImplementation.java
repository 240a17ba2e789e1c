package org.osbuildj.core.spi;

/**
 * A stage's behaviour. Native stages implement it in Java, and are found with {@link
 * java.util.ServiceLoader} or handed to {@code Osbuild.builder().stage(...)}; external stages are
 * executables in a stages directory, wrapped by {@code org.osbuildj.core.external.ExternalStage}.
 *
 * <p>{@code run} is called on the sandbox's thread: the tree it sees is the sandbox's. It must
 * change nothing outside the tree: edit files through {@link StageContext#tree()}, and run the
 * image's own programs with {@code context.sandbox().execInTree(...)}.
 */
public interface StageImplementation extends StepImplementation {

  void run(StageContext context) throws Exception;
}
