package org.osbuildj.core.tree;

import java.nio.file.Path;

/**
 * Deletes its argument with {@link Directories#deleteRecursively}, for tests that need another user
 * or another mount namespace than the test JVM's: exit status 0, or 1 with the failure on standard
 * output.
 */
public final class DeleteRecursivelyMain {
  private DeleteRecursivelyMain() {}

  public static void main(String[] args) {
    try {
      System.out.println(Directories.deleteRecursively(Path.of(args[0])) ? "deleted" : "absent");
    } catch (Exception e) {
      System.out.println("failed: " + e);
      System.exit(1);
    }
  }
}
