package org.osbuildj.core.external;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.osbuildj.core.debian.PackageProgress;
import org.osbuildj.core.isolation.Command;
import org.osbuildj.core.isolation.Sandbox;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.spi.StepContext;
import org.osbuildj.core.spi.StepImplementation;

/**
 * An executable in a stages or assemblers directory, spoken to over the seed's stage protocol: the
 * JSON {@code {"tree": ..., "options": {...}}} (plus {@code "output_dir"} for assemblers, and
 * {@code "sources": "/run/osbuild/sources"} for stages of a manifest with sources, as osbuild's
 * later version-1 releases passed) on standard input, output into the build log, exit status 0 for
 * success.
 *
 * <p>An optional {@code <name>.schema.json} beside the executable validates its options.
 */
abstract class ExternalStep implements StepImplementation {
  private final String name;
  private final Path executable;
  private final boolean mountsBlockDevices;

  ExternalStep(String name, Path executable, boolean mountsBlockDevices) {
    this.name = name;
    this.executable = executable;
    this.mountsBlockDevices = mountsBlockDevices;
  }

  @Override
  public boolean mountsBlockDevices() {
    return mountsBlockDevices;
  }

  @Override
  public String name() {
    return name;
  }

  public Path executable() {
    return executable;
  }

  @Override
  public Optional<Path> optionsSchemaFile() {
    Path schema = executable.resolveSibling(name + ".schema.json");
    return Files.isRegularFile(schema) ? Optional.of(schema) : Optional.empty();
  }

  @Override
  public Optional<String> optionsSchema() {
    Path schema = executable.resolveSibling(name + ".schema.json");
    if (!Files.isRegularFile(schema)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readString(schema, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + schema, e);
    }
  }

  /**
   * The whole libdir, as the seed mounted it: its {@code stages} and {@code assemblers} are reached
   * through it, so a step's {@code stages/osbuild -> ../osbuild} link resolves and {@code import
   * osbuild} works.
   */
  @Override
  public Optional<Path> library() {
    return Optional.of(executable.getParent().getParent());
  }

  void runProtocol(StepContext context, Sandbox sandbox, Optional<String> outputDir)
      throws Exception {
    // What an executable runs is unknown: its output is read for package work as a native
    // Debian stage's is, so the seed's package stages drive the same progress bar.
    PackageProgress.reportTo(context);
    ObjectNode request = Json.object();
    request.put("tree", sandbox.treeInRoot());
    request.set("options", context.options().json());
    // What osbuild's later version-1 stages were given: the directory they find files in, as
    // <source type>/<checksum>. Only where the manifest has sources.
    sandbox.sourcesInRoot().ifPresent(dir -> request.put("sources", dir));
    outputDir.ifPresent(dir -> request.put("output_dir", dir));
    Command command =
        Command.of(
                sandbox.libraryInRoot().orElseThrow()
                    + "/"
                    + executable.getParent().getFileName()
                    + "/"
                    + name)
            .withStdin(Json.mapper().writeValueAsString(request));
    if (context.sourceDateEpoch().isPresent()) {
      command =
          command.withEnvironment(
              "SOURCE_DATE_EPOCH", Long.toString(context.sourceDateEpoch().get().getEpochSecond()));
    }
    sandbox.exec(command).orThrow();
  }
}
