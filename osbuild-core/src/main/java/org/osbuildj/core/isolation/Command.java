package org.osbuildj.core.isolation;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A command to run in a sandbox: its arguments, extra environment, standard input and working
 * directory (as the command sees the filesystem).
 */
public record Command(
    List<String> argv, Map<String, String> environment, byte[] stdin, String workingDirectory) {
  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least the program to run");
    }
    environment = Map.copyOf(environment);
    stdin = stdin == null ? new byte[0] : stdin.clone();
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), Map.of(), null, "/");
  }

  public static Command of(List<String> argv) {
    return new Command(argv, Map.of(), null, "/");
  }

  public Command withEnvironment(String name, String value) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put(name, value);
    return new Command(argv, env, stdin, workingDirectory);
  }

  public Command withEnvironment(Map<String, String> more) {
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.putAll(more);
    return new Command(argv, env, stdin, workingDirectory);
  }

  public Command withStdin(String text) {
    return new Command(argv, environment, text.getBytes(StandardCharsets.UTF_8), workingDirectory);
  }

  public Command inDirectory(String directory) {
    return new Command(argv, environment, stdin, directory);
  }

  @Override
  public byte[] stdin() {
    return stdin.clone();
  }

  /** The command line as a person would type it, for error messages. */
  public String display() {
    return String.join(" ", argv);
  }
}
