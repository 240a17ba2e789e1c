package org.osbuildj.isolation.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.isolation.testing.RootTest;

@RootTest
class LoopDeviceTest {
  private static final long OFFSET = 1 << 20;
  private static final long SIZE_LIMIT = 512 << 10;

  @TempDir Path directory;

  private Path imageWithPatternAtOffset(byte[] pattern) throws IOException {
    Path image = directory.resolve("disk.img");
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
      file.setLength(4 << 20);
      file.seek(OFFSET);
      file.write(pattern);
    }
    return image;
  }

  private static byte[] pattern(String text) {
    return text.repeat(4096 / text.length() + 1)
        .substring(0, 4096)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static String sysfs(LoopDevice loop, String attribute) throws IOException {
    return Files.readString(Path.of("/sys/block/loop" + loop.number(), attribute)).strip();
  }

  @Test
  void theDeviceShowsTheFileFromTheOffsetForTheSizeLimit() throws IOException {
    byte[] pattern = pattern("osbuild-java loop ");
    Path image = imageWithPatternAtOffset(pattern);

    try (LoopDevice loop = LoopDevice.attach(image, OFFSET, SIZE_LIMIT, false)) {
      byte[] read = new byte[pattern.length];
      try (InputStream device = Files.newInputStream(loop.path())) {
        assertThat(device.readNBytes(read, 0, read.length)).isEqualTo(read.length);
      }
      assertThat(read).isEqualTo(pattern);
      assertThat(Long.parseLong(sysfs(loop, "size")) * 512).isEqualTo(SIZE_LIMIT);
      assertThat(sysfs(loop, "loop/backing_file")).isEqualTo(image.toString());
      assertThat(sysfs(loop, "loop/autoclear")).isEqualTo("1");
    }
  }

  @Test
  void writesThroughTheDeviceLandAtTheOffsetInTheFile() throws IOException {
    Path image = imageWithPatternAtOffset(new byte[0]);
    byte[] written = pattern("written through the loop ");

    try (LoopDevice loop = LoopDevice.attach(image, OFFSET, SIZE_LIMIT, false)) {
      try (FileChannel device = FileChannel.open(loop.path(), StandardOpenOption.WRITE)) {
        device.write(ByteBuffer.wrap(written));
        device.force(true);
      }
    }

    byte[] inFile = new byte[written.length];
    try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
      file.seek(OFFSET);
      file.readFully(inFile);
    }
    assertThat(inFile).isEqualTo(written);
  }

  @Test
  void closingTheLastHolderDetachesTheDevice() throws IOException {
    Path image = imageWithPatternAtOffset(new byte[0]);
    LoopDevice loop = LoopDevice.attach(image);
    Path backingFile = Path.of("/sys/block/loop" + loop.number(), "loop/backing_file");
    assertThat(backingFile).exists();

    loop.close();

    assertThat(backingFile).doesNotExist();
  }

  @Test
  void aReadOnlyDeviceRefusesWrites() throws IOException {
    Path image = imageWithPatternAtOffset(new byte[0]);

    try (LoopDevice loop = LoopDevice.attach(image, 0, 0, true)) {
      assertThat(sysfs(loop, "ro")).isEqualTo("1");
      assertThatThrownBy(
              () -> {
                try (FileChannel device = FileChannel.open(loop.path(), StandardOpenOption.WRITE)) {
                  device.write(ByteBuffer.wrap(new byte[] {1}));
                  device.force(true);
                }
              })
          .isInstanceOf(IOException.class);
    }
  }
}
