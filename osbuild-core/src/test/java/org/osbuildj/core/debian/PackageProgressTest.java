package org.osbuildj.core.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PackageProgressTest {
  @Test
  void countsUnpackingAndSettingUpAgainstAptsSummary() {
    PackageProgress progress = new PackageProgress();
    List<String> lines =
        List.of(
            "Reading package lists...",
            "0 upgraded, 2 newly installed, 0 to remove and 0 not upgraded.",
            "Get:1 http://mirror.example.org/debian bookworm/main amd64 hello amd64 2.10-3 [52 kB]",
            "Unpacking hello (2.10-3) ...",
            "Unpacking cowsay (3.03) ...",
            "Setting up hello (2.10-3) ...",
            "Setting up cowsay (3.03) ...");
    List<Optional<PackageProgress.Progress>> seen = lines.stream().map(progress::accept).toList();

    assertThat(seen.get(0)).isEmpty();
    assertThat(seen.get(1)).contains(new PackageProgress.Progress(0, 4, "downloading"));
    assertThat(seen.get(2))
        .get()
        .extracting(PackageProgress.Progress::activity)
        .isEqualTo("downloading 1 of 2");
    assertThat(seen.get(3)).contains(new PackageProgress.Progress(1, 4, "unpacking hello"));
    assertThat(seen.get(6)).contains(new PackageProgress.Progress(4, 4, "setting up cowsay"));
  }

  @Test
  void ignoresDpkgLinesBeforeAnyAptSummary() {
    assertThat(new PackageProgress().accept("Setting up base-files (12.4) ...")).isEmpty();
  }
}
