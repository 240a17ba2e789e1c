package org.osbuildj.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** The last step of a pipeline: turns the finished tree, read-only, into files in the output. */
public record Assembler(String name, Options options) implements AssemblerSource {
  public Assembler {
    Names.check("assembler", name);
    Objects.requireNonNull(options, "options");
  }

  public static Assembler of(String name) {
    return new Assembler(name, Options.empty());
  }

  public static Assembler of(String name, ObjectNode options) {
    return new Assembler(name, Options.of(options));
  }

  @Override
  public Assembler toAssembler() {
    return this;
  }
}
