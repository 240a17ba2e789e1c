package org.osbuildj.core.stages;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.tree.Tree;

/**
 * {@code org.osbuild.chmod}: changes modes as chmod(1) does, with an octal or symbolic {@code mode}
 * per path (see {@link FileModeSpec}). The named path is followed if it is a link (inside the
 * tree); with {@code recursive}, links met below it are left alone, as {@code chmod -R} does.
 * Changing a mode changes no modification time, so there is nothing to stamp.
 */
public final class ChmodStage extends NativeStage {
  public static final String NAME = "org.osbuild.chmod";

  public ChmodStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    Tree tree = context.tree();
    for (Iterator<Map.Entry<String, JsonNode>> it =
            context.options().get("items").orElseThrow().fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> item = it.next();
      String path = item.getKey();
      FileModeSpec mode = FileModeSpec.parse(item.getValue().get("mode").asText());
      if (!tree.exists(path)) {
        throw new NoSuchFileException(path, null, "no such file in the tree");
      }
      List<String> paths =
          item.getValue().path("recursive").asBoolean(false) ? below(tree, path) : List.of(path);
      for (String each : paths) {
        Path host = tree.resolve(each);
        int current = (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        tree.setPermissions(
            each, mode.apply(current, Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)));
      }
      context.log("mode of " + path + " set with " + item.getValue().get("mode").asText());
    }
  }

  /** {@code path} and every entry below it that is not a symbolic link, as tree paths. */
  private static List<String> below(Tree tree, String path) throws IOException {
    Path start = tree.resolve(path);
    List<String> paths = new ArrayList<>();
    Files.walkFileTree(
        start,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            paths.add(treePath(dir));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isSymbolicLink()) {
              paths.add(treePath(file));
            }
            return FileVisitResult.CONTINUE;
          }

          private String treePath(Path host) {
            return "/" + tree.root().relativize(host);
          }
        });
    return paths;
  }
}
