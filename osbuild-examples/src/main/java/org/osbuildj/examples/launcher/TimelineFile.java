package org.osbuildj.examples.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.osbuildj.core.event.BuildTimeline;
import org.osbuildj.core.event.TimelineSvg;

/** Writes {@code --timeline FILE}: the SVG picture, or a web page holding it for a .html name. */
final class TimelineFile {
  private TimelineFile() {}

  static void write(Path file, BuildTimeline timeline) throws IOException {
    String svg = TimelineSvg.render(timeline);
    String content =
        file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".html")
            ? "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>osbuild build"
                + " timeline</title></head>\n<body>\n"
                + svg
                + "</body></html>\n"
            : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg;
    // Written beside and moved over, so a reader never sees half a picture.
    Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), ".timeline-", ".tmp");
    try {
      Files.writeString(temporary, content, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
