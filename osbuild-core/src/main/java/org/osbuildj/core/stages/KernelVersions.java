package org.osbuildj.core.stages;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.osbuildj.core.tree.Tree;

/** Finds the kernels installed in a Debian tree's {@code /boot}, newest last. */
final class KernelVersions {
  private static final String PREFIX = "vmlinuz-";

  private KernelVersions() {}

  /** The versions of every {@code /boot/vmlinuz-<version>}, ordered as versions, not as text. */
  static List<String> installed(Tree tree) throws IOException {
    if (!tree.isDirectory("/boot")) {
      return List.of();
    }
    return tree.list("/boot").stream()
        .filter(name -> name.startsWith(PREFIX) && name.length() > PREFIX.length())
        .map(name -> name.substring(PREFIX.length()))
        .sorted(KernelVersions::compare)
        .toList();
  }

  static Optional<String> newest(Tree tree) throws IOException {
    List<String> versions = installed(tree);
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  /** Compares runs of digits as numbers and the rest as text, so 6.1.0-10 comes after 6.1.0-9. */
  static int compare(String a, String b) {
    String[] x = a.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
    String[] y = b.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c =
          Character.isDigit(x[i].charAt(0)) && Character.isDigit(y[i].charAt(0))
              ? Comparator.<BigInteger>naturalOrder()
                  .compare(new BigInteger(x[i]), new BigInteger(y[i]))
              : x[i].compareTo(y[i]);
      if (c != 0) return c;
    }
    return Integer.compare(x.length, y.length);
  }
}
