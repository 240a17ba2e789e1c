package org.osbuildj.core.stages;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.tree.Tree;

/**
 * {@code org.osbuild.mkdir}: creates directories. {@code mode} (default 0755) applies to the new
 * directory only, exactly, with no umask; missing parents are created (mode 0755) only with {@code
 * parents}; an existing directory is an error unless {@code exist_ok}, and keeps its mode.
 */
public final class MkdirStage extends NativeStage {
  public static final String NAME = "org.osbuild.mkdir";

  public MkdirStage() {
    super(NAME);
  }

  @Override
  public void run(StageContext context) throws Exception {
    StageFiles files = new StageFiles(context);
    Tree tree = context.tree();
    for (JsonNode item : context.options().get("paths").orElseThrow()) {
      String path = item.get("path").asText();
      int mode = item.has("mode") ? item.get("mode").asInt() : StageFiles.DIRECTORY_MODE;
      if (tree.exists(path) || tree.isSymbolicLink(path)) {
        if (!tree.isDirectory(path) || !item.path("exist_ok").asBoolean(false)) {
          throw new FileAlreadyExistsException(
              path,
              null,
              "it exists already"
                  + (tree.isDirectory(path)
                      ? " (set exist_ok to accept that)"
                      : " and is not a directory"));
        }
        continue;
      }
      String parent = StageFiles.parentOf(path);
      if (item.path("parents").asBoolean(false)) {
        files.createDirectories(parent, StageFiles.DIRECTORY_MODE);
      } else if (!tree.isDirectory(parent)) {
        throw new NoSuchFileException(
            path, null, "its parent directory is missing (set parents to create it)");
      }
      files.createDirectory(path, mode);
      context.log("created " + path + " mode " + Integer.toOctalString(mode));
    }
  }
}
