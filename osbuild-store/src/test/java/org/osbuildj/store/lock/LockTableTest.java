package org.osbuildj.store.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockTableTest {
  @TempDir Path dir;

  @Test
  void aLinkPlantedAsALockFileIsRefusedAndNothingIsCreatedThroughIt() throws IOException {
    Path victim = dir.resolve("victim");
    Path lockFile = Files.createSymbolicLink(dir.resolve("object.lock"), victim);

    assertThatThrownBy(() -> LockTable.jvmWide().exclusive(lockFile))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(lockFile.toString());
    assertThatThrownBy(() -> LockTable.jvmWide().shared(lockFile))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(lockFile.toString());
    assertThatThrownBy(() -> LockTable.jvmWide().tryExclusive(lockFile))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(lockFile.toString());
    assertThat(victim).doesNotExist();
  }

  @Test
  void aLockIsTakenOnAFileItCreates() throws IOException {
    Path lockFile = dir.resolve("object.lock");

    HeldLock held = LockTable.jvmWide().exclusive(lockFile);
    try {
      assertThat(LockTable.jvmWide().tryExclusive(lockFile)).isEmpty();
    } finally {
      held.close();
    }
    assertThat(lockFile).isRegularFile();
    try (HeldLock lock = LockTable.jvmWide().tryExclusive(lockFile).orElseThrow()) {
      assertThat(lock.file()).isEqualTo(lockFile);
    }
  }
}
