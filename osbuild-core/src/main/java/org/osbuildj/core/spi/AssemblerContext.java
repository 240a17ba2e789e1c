package org.osbuildj.core.spi;

import java.nio.file.Path;

/** What an assembler's implementation gets: a read-only tree and a directory for its files. */
public interface AssemblerContext extends StepContext {
  /** Where this thread writes the assembler's files; moved into the output only on success. */
  Path outputDirectory();
}
