package org.osbuildj.isolation.linux;

import java.nio.file.Path;

/**
 * Where the parts of one sandbox live, as its own thread sees them: everything hangs under a
 * private tmpfs on the staging directory, which other threads see empty.
 *
 * @param staging the host directory the sandbox's tmpfs covers
 */
record SandboxLayout(Path staging) {
  static final String TREE_IN_ROOT = "/run/osbuild/tree";
  static final String OUTPUT_IN_ROOT = "/run/osbuild/output";
  static final String INPUTS_IN_ROOT = "/run/osbuild/inputs";
  static final String LIBRARY_IN_ROOT = "/run/osbuild/lib";
  static final String SOURCES_IN_ROOT = "/run/osbuild/sources";
  static final String CACHES_IN_ROOT = "/run/osbuild/caches";

  /** The directory that commands see as {@code /}. */
  Path root() {
    return staging.resolve("root");
  }

  /**
   * Where the id-mapped views of overlay layers hang, outside the root: commands never see them,
   * only the overlays built on them.
   */
  Path layers() {
    return staging.resolve("layers");
  }

  /** A path of the root, given as commands see it ({@code /run/osbuild/tree}). */
  Path inRoot(String absolute) {
    return root().resolve(absolute.substring(1));
  }

  Path tree() {
    return inRoot(TREE_IN_ROOT);
  }

  Path output() {
    return inRoot(OUTPUT_IN_ROOT);
  }

  static String inputInRoot(String name) {
    return INPUTS_IN_ROOT + "/" + name;
  }

  static String cacheInRoot(String name) {
    return CACHES_IN_ROOT + "/" + name;
  }
}
