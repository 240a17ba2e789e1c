package org.osbuildj.store.oci;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a POSIX (pax) tar: a ustar header per member, preceded by a pax extended header when a
 * value does not fit ustar (long or non-ASCII names, large numbers, nanoseconds) or the member has
 * extended attributes ({@code SCHILY.xattr.NAME}, whose value is the attribute's raw bytes, as GNU
 * tar and Go's archive/tar write and read them). Owner names are left empty: owners are numeric.
 * The same members give the same bytes.
 */
final class TarWriter implements AutoCloseable {
  private static final int BLOCK = 512;
  private static final long MAX_OCTAL_11 = 077777777777L;
  private static final long MAX_OCTAL_7 = 07777777L;

  private final OutputStream out;

  TarWriter(OutputStream out) {
    this.out = out;
  }

  /** Writes a member's header, then copies {@code size} bytes of content (files only). */
  void write(TarEntry entry, InputStream content) throws IOException {
    ByteArrayOutputStream pax = new ByteArrayOutputStream();
    String name = entry.name();
    if (!fitsUstar(name, 100)) paxRecord(pax, "path", utf8(name));
    if (!fitsUstar(entry.linkName(), 100)) paxRecord(pax, "linkpath", utf8(entry.linkName()));
    if (entry.size() > MAX_OCTAL_11) paxRecord(pax, "size", utf8(Long.toString(entry.size())));
    if (entry.uid() > MAX_OCTAL_7) paxRecord(pax, "uid", utf8(Long.toString(entry.uid())));
    if (entry.gid() > MAX_OCTAL_7) paxRecord(pax, "gid", utf8(Long.toString(entry.gid())));
    if (entry.mtimeNanos() != 0
        || entry.mtimeSeconds() < 0
        || entry.mtimeSeconds() > MAX_OCTAL_11) {
      paxRecord(pax, "mtime", utf8(paxTime(entry.mtimeSeconds(), entry.mtimeNanos())));
    }
    for (Map.Entry<String, byte[]> x : entry.xattrs().entrySet()) {
      paxRecord(pax, "SCHILY.xattr." + x.getKey(), x.getValue());
    }
    if (pax.size() > 0) {
      byte[] records = pax.toByteArray();
      out.write(
          header("PaxHeaders/" + shortName(name), 'x', 0644, 0, 0, 0, records.length, "", 0, 0));
      out.write(records);
      pad(records.length);
    }
    long size = entry.type() == TarEntry.Type.FILE ? entry.size() : 0;
    out.write(
        header(
            name,
            entry.type().flag,
            entry.mode(),
            Math.min(entry.uid(), MAX_OCTAL_7),
            Math.min(entry.gid(), MAX_OCTAL_7),
            Math.max(0, Math.min(entry.mtimeSeconds(), MAX_OCTAL_11)),
            Math.min(size, MAX_OCTAL_11),
            entry.linkName(),
            entry.devMajor(),
            entry.devMinor()));
    if (size > 0) {
      long copied = content.transferTo(new BoundedOutput(out, size));
      if (copied != size) {
        throw new IOException(
            entry.name()
                + " changed while it was archived: "
                + copied
                + " bytes, expected "
                + size);
      }
      pad(size);
    }
  }

  /** The two zero blocks that end an archive. */
  @Override
  public void close() throws IOException {
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private void pad(long size) throws IOException {
    int rest = (int) (size % BLOCK);
    if (rest != 0) out.write(new byte[BLOCK - rest]);
  }

  private static boolean fitsUstar(String text, int max) {
    if (text.length() > max) return false;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) return false;
    }
    return true;
  }

  private static String shortName(String name) {
    String ascii = name.replaceAll("[^ -~]", "_");
    return ascii.length() <= 80 ? ascii : ascii.substring(ascii.length() - 80);
  }

  private static String paxTime(long seconds, int nanos) {
    if (nanos == 0) return Long.toString(seconds);
    String frac = String.format("%09d", nanos).replaceAll("0+$", "");
    return seconds + "." + frac;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A pax record: "LEN KEY=VALUE\n", where LEN counts the whole record, itself included. */
  private static void paxRecord(ByteArrayOutputStream pax, String key, byte[] value) {
    byte[] keyBytes = utf8(key);
    int rest = 1 + keyBytes.length + 1 + value.length + 1;
    int len = rest + 1;
    while (Integer.toString(len).length() + rest != len) len++;
    pax.writeBytes(utf8(Integer.toString(len) + " "));
    pax.writeBytes(keyBytes);
    pax.write('=');
    pax.writeBytes(value);
    pax.write('\n');
  }

  private static byte[] header(
      String name,
      char type,
      int mode,
      long uid,
      long gid,
      long mtime,
      long size,
      String linkName,
      int major,
      int minor) {
    byte[] h = new byte[BLOCK];
    ascii(h, 0, 100, name);
    octal(h, 100, 8, mode & 07777);
    octal(h, 108, 8, uid);
    octal(h, 116, 8, gid);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    for (int i = 148; i < 156; i++) h[i] = ' ';
    h[156] = (byte) type;
    ascii(h, 157, 100, linkName);
    ascii(h, 257, 6, "ustar");
    h[263] = '0';
    h[264] = '0';
    if (type == '3' || type == '4') {
      octal(h, 329, 8, major);
      octal(h, 337, 8, minor);
    }
    long sum = 0;
    for (byte b : h) sum += b & 0xff;
    String checksum = String.format("%06o", sum);
    ascii(h, 148, 6, checksum);
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  /** The field holds what fits; a longer value went into the pax header. */
  private static void ascii(byte[] h, int offset, int length, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(bytes, 0, h, offset, Math.min(bytes.length, length));
  }

  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, length - 1 - digits.length())) + digits;
    ascii(h, offset, length - 1, padded);
  }

  /** Passes on at most {@code limit} bytes, so a file that grew is not written past its header. */
  private static final class BoundedOutput extends OutputStream {
    private final OutputStream out;
    private long left;

    BoundedOutput(OutputStream out, long limit) {
      this.out = out;
      this.left = limit;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > left) {
        throw new IOException("a file grew while it was archived");
      }
      out.write(b, off, len);
      left -= len;
    }
  }
}
