package org.osbuildj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.json.Sha256;
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
    Files.writeString(dir.resolve("store/sources/sha256").resolve(SHA), "bit rot");

    assertThat(sources.get(SHA)).isEmpty();
    assertThat(sources.contains(SHA)).isFalse();
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
