package org.osbuildj.store.oci;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a ustar/pax tar member by member (GNU long names too): what {@link TarWriter} writes and
 * what other image tools write. The content of the current member is read through {@link
 * #content()} before the next call to {@link #next()}, which skips what was left unread. A header
 * that does not parse ends the read with an {@link IOException}: a layer is untrusted input.
 */
final class TarReader {
  private static final int BLOCK = 512;

  private final InputStream in;
  private long remaining;
  private long padding;

  TarReader(InputStream in) {
    this.in = in;
  }

  /** The next member, or null at the end of the archive. */
  TarEntry next() throws IOException {
    skip(remaining + padding);
    remaining = 0;
    padding = 0;
    Map<String, byte[]> pax = new LinkedHashMap<>();
    String longName = null;
    String longLink = null;
    while (true) {
      byte[] h = readBlock();
      if (h == null || isZero(h)) return null;
      verifyChecksum(h);
      char flag = (char) h[156];
      long size = octal(h, 124, 12);
      if (flag == 'x' || flag == 'g' || flag == 'L' || flag == 'K') {
        byte[] data = readFully(size);
        skip(pad(size));
        if (flag == 'x') parsePax(data, pax);
        if (flag == 'L') longName = cString(data);
        if (flag == 'K') longLink = cString(data);
        continue;
      }
      TarEntry.Type type = TarEntry.Type.of(flag);
      if (type == null) {
        throw new IOException("tar member of unknown type '" + flag + "'");
      }
      String name = longName != null ? longName : ustarName(h);
      String link = longLink != null ? longLink : cString(h, 157, 100);
      long uid = octal(h, 108, 8);
      long gid = octal(h, 116, 8);
      long mtime = octal(h, 136, 12);
      int nanos = 0;
      Map<String, byte[]> xattrs = new LinkedHashMap<>();
      for (Map.Entry<String, byte[]> e : pax.entrySet()) {
        String value = new String(e.getValue(), StandardCharsets.UTF_8);
        switch (e.getKey()) {
          case "path" -> name = value;
          case "linkpath" -> link = value;
          case "size" -> size = parseLong(value, "size");
          case "uid" -> uid = parseLong(value, "uid");
          case "gid" -> gid = parseLong(value, "gid");
          case "mtime" -> {
            int dot = value.indexOf('.');
            mtime = parseLong(dot < 0 ? value : value.substring(0, dot), "mtime");
            if (dot >= 0) {
              String frac = (value.substring(dot + 1) + "000000000").substring(0, 9);
              nanos = (int) parseLong(frac, "mtime");
            }
          }
          default -> {
            if (e.getKey().startsWith("SCHILY.xattr.")) {
              xattrs.put(e.getKey().substring("SCHILY.xattr.".length()), e.getValue());
            }
          }
        }
      }
      if (type != TarEntry.Type.FILE) size = 0;
      remaining = size;
      padding = pad(size);
      return new TarEntry(
          name,
          type,
          (int) octal(h, 100, 8) & 07777,
          uid,
          gid,
          mtime,
          nanos,
          size,
          link,
          (int) octal(h, 329, 8),
          (int) octal(h, 337, 8),
          xattrs);
    }
  }

  /** The current member's content; reads at most its size. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) return -1;
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) throw new EOFException("the tar ends inside a member");
        remaining -= n;
        return n;
      }
    };
  }

  private static String ustarName(byte[] h) {
    String name = cString(h, 0, 100);
    boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? cString(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static void parsePax(byte[] data, Map<String, byte[]> pax) throws IOException {
    int pos = 0;
    while (pos < data.length) {
      int space = pos;
      while (space < data.length && data[space] != ' ') space++;
      if (space >= data.length) throw new IOException("a pax record has no length");
      int len =
          (int) parseLong(new String(data, pos, space - pos, StandardCharsets.US_ASCII), "pax");
      if (len <= 0 || pos + len > data.length || data[pos + len - 1] != '\n') {
        throw new IOException("a pax record's length is wrong");
      }
      int eq = space + 1;
      while (eq < pos + len && data[eq] != '=') eq++;
      if (eq >= pos + len) throw new IOException("a pax record has no '='");
      String key = new String(data, space + 1, eq - space - 1, StandardCharsets.UTF_8);
      byte[] value = new byte[pos + len - 1 - (eq + 1)];
      System.arraycopy(data, eq + 1, value, 0, value.length);
      pax.put(key, value);
      pos += len;
    }
  }

  private static long parseLong(String s, String what) throws IOException {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new IOException("a tar member's " + what + " is not a number: " + s);
    }
  }

  private static void verifyChecksum(byte[] h) throws IOException {
    long expected = octal(h, 148, 8);
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : h[i] & 0xff;
    if (sum != expected) throw new IOException("a tar header's checksum is wrong");
  }

  private static long octal(byte[] h, int offset, int length) throws IOException {
    if ((h[offset] & 0x80) != 0) {
      // base-256, as GNU tar writes numbers too large for octal
      long value = h[offset] & 0x7f;
      for (int i = 1; i < length; i++) value = (value << 8) | (h[offset + i] & 0xff);
      return value;
    }
    String digits =
        new String(h, offset, length, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
    if (digits.isEmpty()) return 0;
    try {
      return Long.parseLong(digits, 8);
    } catch (NumberFormatException e) {
      throw new IOException("a tar header field is not octal: " + digits.replaceAll("[^ -~]", "?"));
    }
  }

  private static String cString(byte[] h, int offset, int length) {
    int end = offset;
    while (end < offset + length && h[end] != 0) end++;
    return new String(h, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String cString(byte[] data) {
    return cString(data, 0, data.length);
  }

  private static long pad(long size) {
    long rest = size % BLOCK;
    return rest == 0 ? 0 : BLOCK - rest;
  }

  private static boolean isZero(byte[] h) {
    for (byte b : h) if (b != 0) return false;
    return true;
  }

  private byte[] readBlock() throws IOException {
    byte[] block = in.readNBytes(BLOCK);
    if (block.length == 0) return null;
    if (block.length < BLOCK) throw new EOFException("the tar ends inside a header");
    return block;
  }

  private byte[] readFully(long size) throws IOException {
    if (size > 64L << 20) throw new IOException("a tar extended header is too large: " + size);
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) throw new EOFException("the tar ends inside an extended header");
    return data;
  }

  /** Reads past {@code n} bytes (not InputStream.skip: a digest on the stream must see them). */
  private void skip(long n) throws IOException {
    byte[] buffer = new byte[(int) Math.min(n, 1 << 16)];
    while (n > 0) {
      int read = in.read(buffer, 0, (int) Math.min(n, buffer.length));
      if (read < 0) throw new EOFException("the tar ends inside a member");
      n -= read;
    }
  }
}
