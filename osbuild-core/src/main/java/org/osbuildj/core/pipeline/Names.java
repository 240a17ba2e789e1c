package org.osbuildj.core.pipeline;

import java.util.regex.Pattern;

/** The rule for stage and assembler names, shared so both are checked the same way. */
final class Names {
  // Names become file names in a stages directory: no slashes, no leading dot.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

  private Names() {}

  static String check(String kind, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          kind
              + " name must be letters, digits and . _ + - (like org.osbuild.hostname), got: "
              + name);
    }
    return name;
  }

  static boolean isValid(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
