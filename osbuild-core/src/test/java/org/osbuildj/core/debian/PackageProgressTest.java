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

  @Test
  void countsDnfsInstallingAndVerifyingLinesAgainstTheTransactionsSize() {
    PackageProgress progress = new PackageProgress();

    assertThat(progress.accept("(1/2): hello-1.0-1.noarch.rpm              80 kB/s | 6.5 kB"))
        .contains(new PackageProgress.Progress(0, 4, "downloading 1 of 2"));
    assertThat(progress.accept("  Preparing        :                                     1/1 "))
        .isEmpty();
    assertThat(progress.accept("  Installing       : hello-lib-1.0-1.noarch              1/2 "))
        .contains(new PackageProgress.Progress(1, 4, "installing hello-lib-1.0-1.noarch"));
    assertThat(progress.accept("  Running scriptlet: hello-1.0-1.noarch                  2/2 "))
        .isEmpty();
    assertThat(progress.accept("  Verifying        : hello-1.0-1.noarch                  2/2 "))
        .contains(new PackageProgress.Progress(4, 4, "verifying hello-1.0-1.noarch"));
    assertThat(progress.accept("  Installing       : odd-1-1.noarch                      3/2 "))
        .isEmpty();
  }
}
