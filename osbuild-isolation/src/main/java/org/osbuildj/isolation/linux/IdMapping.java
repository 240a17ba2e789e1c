package org.osbuildj.isolation.linux;

/**
 * How ids inside a sandbox map to the host's: ids {@code 0..count-1} inside are {@code
 * base..base+count-1} outside, for users and groups alike. Root in a sandbox is then a host user
 * that owns nothing on the host, and the tree's files, mounted through the same map, still show
 * (and are written with) their real owners.
 *
 * @param base the host id of the sandbox's root
 * @param count how many ids the sandbox has; 65536 covers every id a Debian or Fedora tree uses,
 *     {@code nobody} (65534) included
 */
record IdMapping(long base, long count) {
  /**
   * Above systemd's ranges for containers (up to 0x6FFFFFFF) and for foreign images
   * (0x7FFE0000..0x7FFEFFFF), so no host user, no nspawn container and no foreign image shares it.
   */
  static final IdMapping SANDBOX = new IdMapping(0x7FFF0000L, 65536);

  IdMapping {
    if (base <= 0 || count <= 0 || base + count > 0xFFFFFFFFL) {
      throw new IllegalArgumentException(
          "an id map needs 0 < base and base + count < 2^32: " + base + ":" + count);
    }
  }

  /** As the sandbox program takes it: {@code BASE:COUNT}. */
  String argument() {
    return base + ":" + count;
  }

  /** The host id of id 0 inside, as an int for system calls (ids are unsigned 32-bit). */
  int hostRoot() {
    return (int) base;
  }
}
