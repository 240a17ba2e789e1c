package org.osbuildj.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Sha256;
import org.osbuildj.core.store.SourceStore;
import org.osbuildj.core.store.SourceView;
import org.osbuildj.core.store.StoreException;
import org.osbuildj.store.source.ChecksumMismatchException;
import org.osbuildj.store.source.SourceCache;

class SourceCacheTest {
  private static final String CONTENT = "a Debian package, more or less";
  private static final String SHA = Sha256.hex(CONTENT);

  @TempDir Path dir;
  private FileStore store;
  private SourceCache sources;
  private Path download;

  @BeforeEach
  void openStore() throws Exception {
    store = FileStore.builder(dir.resolve("store")).mode(SnapshotMode.COPY).open();
    sources = store.sources();
    download = Files.writeString(dir.resolve("package.deb"), CONTENT);
  }

  @AfterEach
  void closeStore() throws Exception {
    store.close();
  }

  @Test
  void aStoredFileIsFoundByItsSha256() throws Exception {
    assertThat(sources.put(download)).isEqualTo(SHA);

    assertThat(sources.get(SHA)).hasValueSatisfying(file -> assertThat(file).hasContent(CONTENT));
    assertThat(dir.resolve("store/sources/sha256").resolve(SHA)).exists();
  }

  @Test
  void aFileWithAnotherChecksumThanExpectedIsRefusedAndNotStored() {
    String expected = Sha256.hex("something else");

    assertThatThrownBy(() -> sources.put(download, expected))
        .isInstanceOf(ChecksumMismatchException.class)
        .hasMessageContaining(expected)
        .hasMessageContaining(SHA);
    assertThat(sources.contains(SHA)).isFalse();
    assertThat(dir.resolve("store/tmp")).isEmptyDirectory();
  }

  @Test
  void aCorruptStoredFileIsDroppedWhenRead() throws Exception {
    sources.put(download, SHA);
    Path stored = dir.resolve("store/sources/sha256").resolve(SHA);
    Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(stored, "bit rot");

    assertThat(sources.get(SHA)).isEmpty();
    assertThat(sources.contains(SHA)).isFalse();
  }

  @Test
  void aStoredFileIsReadOnly() throws Exception {
    sources.put(download);

    assertThat(Files.getPosixFilePermissions(dir.resolve("store/sources/sha256").resolve(SHA)))
        .isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
  }

  @Test
  void contentAddedWithItsChecksumIsStoredAndFound() throws Exception {
    SourceStore spi = store.sourceStore().orElseThrow();

    spi.add(SHA, out -> out.write(CONTENT.getBytes(UTF_8)));

    assertThat(spi.has(SHA)).isTrue();
    assertThat(dir.resolve("store/sources/sha256").resolve(SHA)).hasContent(CONTENT);
    assertThat(dir.resolve("store/tmp")).isEmptyDirectory();
  }

  @Test
  void contentWithAnotherChecksumIsRefusedNamingBothAndNotStored() {
    String expected = Sha256.hex("something else");
    SourceStore spi = store.sourceStore().orElseThrow();

    assertThatThrownBy(() -> spi.add(expected, out -> out.write(CONTENT.getBytes(UTF_8))))
        .isInstanceOfSatisfying(
            org.osbuildj.core.store.ChecksumMismatchException.class,
            e -> {
              assertThat(e.expected()).isEqualTo(expected);
              assertThat(e.actual()).isEqualTo(SHA);
            });
    assertThat(sources.contains(expected)).isFalse();
    assertThat(sources.contains(SHA)).isFalse();
    assertThat(dir.resolve("store/tmp")).isEmptyDirectory();
  }

  @Test
  void contentWhoseWriterFailsIsNotStored() {
    SourceStore spi = store.sourceStore().orElseThrow();

    assertThatThrownBy(
            () ->
                spi.add(
                    SHA,
                    out -> {
                      out.write(CONTENT.substring(0, 5).getBytes(UTF_8));
                      throw new IOException("connection reset");
                    }))
        .hasMessage("connection reset");
    assertThat(sources.contains(SHA)).isFalse();
    assertThat(dir.resolve("store/tmp")).isEmptyDirectory();
  }

  @Test
  void aViewShowsStoredFilesUnderTheirNamesAndGoesAwayWhenClosed() throws Exception {
    sources.put(download);
    SourceStore spi = store.sourceStore().orElseThrow();
    Path stored = dir.resolve("store/sources/sha256").resolve(SHA);
    Path viewed;

    try (SourceView view = spi.view(Map.of("org.osbuild.files/sha256:" + SHA, SHA))) {
      viewed = view.directory().resolve("org.osbuild.files/sha256:" + SHA);
      assertThat(viewed).hasContent(CONTENT);
      assertThat(view.directory()).startsWith(dir.resolve("store/tmp"));
      assertThat(Files.getPosixFilePermissions(viewed))
          .isEqualTo(PosixFilePermissions.fromString("r--r--r--"));
    }

    assertThat(viewed).doesNotExist();
    assertThat(stored).hasContent(CONTENT);
    assertThat(dir.resolve("store/tmp")).isEmptyDirectory();
  }

  @Test
  void aViewOfAFileNotStoredOrOfAPathLeavingItIsRefused() throws Exception {
    sources.put(download);
    SourceStore spi = store.sourceStore().orElseThrow();

    assertThatThrownBy(() -> spi.view(Map.of("a", Sha256.hex("never stored"))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is not in the store");
    assertThatThrownBy(() -> spi.view(Map.of("../escape", SHA)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(dir.resolve("store/tmp")).isEmptyDirectory();
  }

  @Test
  void anUnknownChecksumIsNotFound() throws Exception {
    assertThat(sources.get(Sha256.hex("never stored"))).isEmpty();
  }

  @Test
  void removeAllDeletesTheSources() throws Exception {
    sources.put(download);

    store.removeAll();

    assertThat(sources.contains(SHA)).isFalse();
  }
}
