package org.osbuildj.core.stages;

import java.io.IOException;
import java.util.Optional;
import org.osbuildj.core.tree.Tree;

/**
 * Reads the tree's {@code /etc/passwd} and {@code /etc/group}, to tell existing accounts from new
 * ones.
 */
final class AccountFiles {
  /** One line of {@code /etc/passwd}. */
  record User(String name, int uid, int gid, String home) {}

  private AccountFiles() {}

  static Optional<User> user(Tree tree, String name) throws IOException {
    return line(tree, "/etc/passwd", name)
        .map(
            fields ->
                new User(
                    fields[0],
                    Integer.parseInt(fields[2]),
                    Integer.parseInt(fields[3]),
                    fields[5]));
  }

  /** The group's gid, when the group exists. */
  static Optional<Integer> groupId(Tree tree, String name) throws IOException {
    return line(tree, "/etc/group", name).map(fields -> Integer.parseInt(fields[2]));
  }

  private static Optional<String[]> line(Tree tree, String file, String name) throws IOException {
    if (!tree.isRegularFile(file)) {
      return Optional.empty();
    }
    for (String line : tree.readString(file).split("\n")) {
      String[] fields = line.split(":", -1);
      if (fields.length >= 4 && fields[0].equals(name)) {
        return Optional.of(fields);
      }
    }
    return Optional.empty();
  }
}
