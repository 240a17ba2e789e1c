package org.osbuildj.core.testing;

import java.nio.file.Files;
import java.util.Optional;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.spi.AssemblerContext;
import org.osbuildj.core.spi.AssemblerImplementation;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.spi.StageImplementation;

/** Small stage and assembler implementations for executor tests. */
public final class TestStages {
  private TestStages() {}

  /** {@code test.write}: writes {@code content} to {@code path} in the tree. */
  public static StageImplementation write() {
    return new StageImplementation() {
      @Override
      public String name() {
        return "test.write";
      }

      @Override
      public Optional<String> optionsSchema() {
        return Optional.of(
            """
            {"type": "object", "additionalProperties": false, "required": ["path", "content"],
             "properties": {"path": {"type": "string"}, "content": {"type": "string"}}}
            """);
      }

      @Override
      public void run(StageContext context) throws Exception {
        var file = context.sandbox().tree().resolve(context.options().string("path"));
        Files.createDirectories(file.getParent());
        Files.writeString(file, context.options().string("content"));
      }
    };
  }

  /**
   * {@code test.shell}: runs {@code script} with sh in the build root, {@code $TREE} set to the
   * tree and, for a manifest with sources, {@code $SOURCES} to their directory.
   */
  public static StageImplementation shell() {
    return new StageImplementation() {
      @Override
      public String name() {
        return "test.shell";
      }

      @Override
      public Optional<String> optionsSchema() {
        return Optional.of(
            """
            {"type": "object", "required": ["script"], "properties": {"script": {"type": "string"}}}
            """);
      }

      @Override
      public void run(StageContext context) throws Exception {
        Command command =
            Command.of("sh", "-c", context.options().string("script"))
                .withEnvironment("TREE", context.sandbox().treeInRoot());
        if (context.sandbox().sourcesInRoot().isPresent()) {
          command = command.withEnvironment("SOURCES", context.sandbox().sourcesInRoot().get());
        }
        context.sandbox().exec(command).orThrow();
      }
    };
  }

  /** {@code test.copy-out}: copies the tree's {@code path} into the output as {@code filename}. */
  public static AssemblerImplementation copyOut() {
    return new AssemblerImplementation() {
      @Override
      public String name() {
        return "test.copy-out";
      }

      @Override
      public Optional<String> optionsSchema() {
        return Optional.empty();
      }

      @Override
      public void assemble(AssemblerContext context) throws Exception {
        if (context.options().bool("fail", false)) {
          Files.writeString(context.outputDirectory().resolve("partial"), "half");
          throw new IllegalStateException("asked to fail");
        }
        Files.copy(
            context.sandbox().tree().resolve(context.options().string("path")),
            context.outputDirectory().resolve(context.options().string("filename")));
      }
    };
  }
}
