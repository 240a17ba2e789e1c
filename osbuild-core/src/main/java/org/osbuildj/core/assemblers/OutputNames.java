package org.osbuildj.core.assemblers;

/** Checks the names assemblers give their files in the output directory. */
final class OutputNames {
  private OutputNames() {}

  /**
   * The schema already insists on a plain name; this guards direct callers that skip validation.
   */
  static String checked(String assembler, String filename) {
    if (filename.isEmpty()
        || filename.contains("/")
        || filename.startsWith(".")
        || filename.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "the "
              + assembler
              + " assembler's filename must be a plain file name, not '"
              + filename.replace("\0", "\\0")
              + "'");
    }
    return filename;
  }
}
