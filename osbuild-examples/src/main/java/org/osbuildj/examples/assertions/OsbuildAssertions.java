package org.osbuildj.examples.assertions;

import java.nio.file.Path;

/**
 * AssertJ entry points for what osbuild-java builds, for use in one's own tests:
 *
 * <pre>{@code
 * assertThat(tree).hasFile("etc/hostname").withContent("demo\n").withMode(0644);
 * assertThatTar(out.resolve("root.tar.gz")).hasEntry("./etc/hostname").withContent("demo\n");
 * }</pre>
 */
public final class OsbuildAssertions {
  private OsbuildAssertions() {}

  /** Assertions on a tree: a directory holding a root filesystem. */
  public static TreeAssert assertThat(Path tree) {
    return new TreeAssert(tree);
  }

  /** Assertions on a tar archive (plain, gzip, xz or zstd) an assembler wrote. */
  public static TarAssert assertThatTar(Path archive) {
    return new TarAssert(archive);
  }
}
