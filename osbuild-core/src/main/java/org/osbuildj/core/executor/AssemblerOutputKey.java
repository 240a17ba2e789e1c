package org.osbuildj.core.executor;

import java.time.Instant;
import java.util.Optional;
import org.osbuildj.core.json.Sha256;

/**
 * Under which id an assembler's output is kept (in the store, and in the output directory's
 * receipt). Without {@code SOURCE_DATE_EPOCH} it is the assembler's id. With it, the id and the
 * epoch together: an image's bytes depend on the epoch (file system times, FAT serials, tar
 * headers), so an output made without the epoch, or with another one, must not be handed out as the
 * reproducible one. The assembler's id itself stays osbuild's, as reports and manifests show it.
 */
final class AssemblerOutputKey {
  private AssemblerOutputKey() {}

  static String of(String assemblerId, Optional<Instant> sourceDateEpoch) {
    return sourceDateEpoch
        .map(epoch -> Sha256.hex(assemblerId + "\0SOURCE_DATE_EPOCH=" + epoch.getEpochSecond()))
        .orElse(assemblerId);
  }
}
