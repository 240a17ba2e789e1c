package org.osbuildj.core.stages;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
      if (item.getValue().path("recursive").asBoolean(false)) {
        // Entries below are acted on through the walk's own paths, never their names as text;
        // all are listed first, so that a directory made unreadable is still gone through.
        List<Tree.Entry> entries = new ArrayList<>();
        tree.walk(path, entries::add);
        for (Tree.Entry entry : entries) {
          if (!entry.attributes().isSymbolicLink()) {
            int current = mode(entry.hostPath());
            tree.setPermissions(entry, mode.apply(current, entry.attributes().isDirectory()));
          }
        }
      } else {
        Path host = tree.resolve(path);
        tree.setPermissions(
            path, mode.apply(mode(host), Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)));
      }
      context.log("mode of " + path + " set with " + item.getValue().get("mode").asText());
    }
  }

  private static int mode(Path host) throws IOException {
    return (Integer) Files.getAttribute(host, "unix:mode", LinkOption.NOFOLLOW_LINKS);
  }
}
