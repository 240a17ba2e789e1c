package org.osbuildj.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The warm package cache every cold build starts from: downloads are not what a cold build
 * measures. Each build gets its own copy, so no build can warm the next.
 */
final class WarmPackageCache {
  /** Where the test suite's Debian builds keep their cache, when it has run on this machine. */
  static final Path TEST_STORE_CACHE =
      Path.of("/var/tmp/osbuild-java-test-store/caches/debian-packages");

  private final Path directory;

  private WarmPackageCache(Path directory) {
    this.directory = directory;
  }

  /**
   * The given cache, or the test suite's, or one filled by a warm-up build of the reference image
   * (its time is reported, not counted).
   */
  static WarmPackageCache prepare(BenchContext context, Optional<Path> given)
      throws IOException, InterruptedException {
    Optional<Path> existing =
        given.or(() -> Optional.of(TEST_STORE_CACHE).filter(WarmPackageCache::isFilled));
    if (existing.isPresent()) {
      if (!isFilled(existing.get())) {
        throw new BenchException(
            "--package-cache "
                + existing.get()
                + " holds no complete package lists (lists/*/.complete)");
      }
      context.say("package cache: " + existing.get());
      return new WarmPackageCache(existing.get());
    }
    Path store = context.freshDirectory("warm-up-store");
    context.say("package cache: none yet; a warm-up build fills one (not counted)");
    TimedRun.Result run =
        context.osbuild(
            "warm-up",
            List.of(
                "--store",
                store.toString(),
                "-o",
                context.freshDirectory("warm-up-out").toString(),
                "--progress=plain",
                context.referenceManifest().toString()));
    context.report.note(
        Row.format("warm-up build (downloads every package, not counted): %.1f s", run.seconds()),
        context.progress);
    context.remove(context.work.resolve("warm-up-out"));
    return new WarmPackageCache(store.resolve("caches/debian-packages"));
  }

  /** Copies the cache to {@code target}, which must not exist. */
  void copyTo(BenchContext context, Path target) throws IOException, InterruptedException {
    Files.createDirectories(target.getParent());
    context.host("cp", "-a", "--reflink=auto", directory.toString(), target.toString());
  }

  private static boolean isFilled(Path cache) {
    try (var lists = Files.list(cache.resolve("lists"))) {
      return lists.anyMatch(dir -> Files.exists(dir.resolve(".complete")));
    } catch (IOException e) {
      return false;
    }
  }
}
