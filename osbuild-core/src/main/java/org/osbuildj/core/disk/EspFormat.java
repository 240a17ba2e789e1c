package org.osbuildj.core.disk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.osbuildj.core.isolation.Command;

/**
 * The commands that make an EFI system partition without mounting it (this kernel may have no vfat
 * driver): {@code mkfs.fat} makes a FAT32 image file, {@code mmd} and {@code mcopy} (mtools) fill
 * it; the assembler then copies the file into the disk at the partition's offset.
 *
 * <p>Reproducible: the volume serial is given and {@code --invariant} fixes the boot sector's and
 * the root directory's times. The order matters: {@code --invariant} set after {@code -i} resets
 * the serial to {@code 1234-ABCD} without a word, so {@code -i} comes last. mtools stamps new
 * directories (and files, unless {@code -m} keeps theirs) with {@code SOURCE_DATE_EPOCH} when it is
 * set, else with the wall clock; files are copied with {@code -m} from files whose modification
 * time the assembler set to the epoch.
 */
public final class EspFormat {
  /** What a FAT label may hold here: 11 characters, upper case letters, digits, '_', '-', space. */
  public static final Pattern LABEL = Pattern.compile("[A-Z0-9_ -]{1,11}");

  /** The serial as blkid prints it, and as fstab's {@code UUID=} names it: {@code 1A2B-3C4D}. */
  public static final Pattern SERIAL = Pattern.compile("[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}");

  private EspFormat() {}

  /** The serial as {@code blkid} prints it: upper-case hex, a dash in the middle. */
  public static String serialText(long serial) {
    String hex = String.format("%08X", serial & 0xffffffffL);
    return hex.substring(0, 4) + "-" + hex.substring(4);
  }

  /** The serial of a text as {@link #serialText} writes it (either case). */
  public static long parseSerial(String text) {
    if (!SERIAL.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "a FAT volume serial is written as 8 hex digits with a dash in the middle,"
              + " such as 1A2B-3C4D, not '"
              + text
              + "'");
    }
    return Long.parseLong(text.replace("-", ""), 16);
  }

  /**
   * mkfs.fat making a new FAT32 image file of {@code bytes} (a whole number of KiB) with this label
   * and serial.
   */
  public static Command mkfs(String image, long bytes, String label, long serial) {
    if (!LABEL.matcher(label).matches()) {
      throw new IllegalArgumentException(
          "a FAT label is 1 to 11 upper-case letters, digits, '_', '-' or spaces, not '"
              + label
              + "'");
    }
    return Command.of(
        "mkfs.fat",
        "-F",
        "32",
        "-n",
        label,
        // --invariant before -i: after it, --invariant would reset the serial to 1234-ABCD.
        "--invariant",
        "-i",
        String.format("%08X", serial & 0xffffffffL),
        "-C",
        image,
        Long.toString(bytes / 1024));
  }

  /** mmd making these ESP directories (parents first, as {@link #directoriesFor} orders them). */
  public static Command makeDirectories(
      String image, List<String> directories, Optional<Instant> sourceDateEpoch) {
    List<String> argv = new ArrayList<>(List.of("mmd", "-i", image));
    directories.forEach(d -> argv.add("::" + d));
    return mtools(argv, sourceDateEpoch);
  }

  /** mcopy copying one file into the ESP, keeping its modification time. */
  public static Command copy(
      String image, String source, String espPath, Optional<Instant> sourceDateEpoch) {
    return mtools(List.of("mcopy", "-m", "-i", image, source, "::" + espPath), sourceDateEpoch);
  }

  private static Command mtools(List<String> argv, Optional<Instant> sourceDateEpoch) {
    // The image is a plain file, whose "geometry" mtools would otherwise check against a drive's.
    Command command = Command.of(argv).withEnvironment("MTOOLS_SKIP_CHECK", "1");
    if (sourceDateEpoch.isPresent()) {
      command =
          command.withEnvironment(
              "SOURCE_DATE_EPOCH", Long.toString(sourceDateEpoch.get().getEpochSecond()));
    }
    return command;
  }

  /**
   * Every directory the files at these ESP paths need, parents before children, each once (FAT
   * names compare without case), in a stable order.
   */
  public static List<String> directoriesFor(List<String> espPaths) {
    List<String> directories = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (String path : espPaths) {
      int slash = path.indexOf('/', 1);
      while (slash > 0) {
        String directory = path.substring(0, slash);
        String key = directory.toUpperCase(Locale.ROOT);
        if (!seen.contains(key)) {
          seen.add(key);
          directories.add(directory);
        }
        slash = path.indexOf('/', slash + 1);
      }
    }
    return directories;
  }
}
