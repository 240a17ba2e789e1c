package org.osbuildj.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageCatalogPrecedenceTest {
  @TempDir Path libdir;

  @BeforeEach
  void aLibdirWithTheSeedsOwnLocaleAndTarAndAStageOfItsOwn() throws Exception {
    for (String step :
        new String[] {
          "stages/org.osbuild.locale", "stages/org.example.own", "assemblers/org.osbuild.tar"
        }) {
      Path file = libdir.resolve(step);
      Files.createDirectories(file.getParent());
      Files.writeString(file, "#!/bin/sh\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void byDefaultTheNativeStepRunsAndTheLibdirsStepOfThatNameIsReportedAsShadowed() {
    StageCatalog catalog = StageCatalog.fromClassPath().withLibdir(libdir);

    assertThat(catalog.stage("org.osbuild.locale").orElseThrow().library()).isEmpty();
    assertThat(catalog.assembler("org.osbuild.tar").orElseThrow().library()).isEmpty();
    assertThat(catalog.stage("org.example.own").orElseThrow().library()).contains(libdir);
    assertThat(catalog.shadowedExecutable("stages", "org.osbuild.locale"))
        .contains(libdir.resolve("stages/org.osbuild.locale"));
    assertThat(catalog.shadowedExecutable("assemblers", "org.osbuild.tar"))
        .contains(libdir.resolve("assemblers/org.osbuild.tar"));
    assertThat(catalog.shadowedExecutable("stages", "org.example.own")).isEmpty();
    assertThat(catalog.shadowedExecutable("stages", "org.osbuild.hostname")).isEmpty();
  }

  @Test
  void libdirFirstRunsTheLibdirsStepsUnderTheirNamesAndNativeOnesWhereTheLibdirHasNone() {
    StageCatalog catalog = StageCatalog.fromClassPath().withLibdir(libdir).withLibdirFirst(true);

    assertThat(catalog.stage("org.osbuild.locale").orElseThrow().library()).contains(libdir);
    assertThat(catalog.assembler("org.osbuild.tar").orElseThrow().library()).contains(libdir);
    assertThat(catalog.stage("org.osbuild.hostname").orElseThrow().library()).isEmpty();
    assertThat(catalog.shadowedExecutable("stages", "org.osbuild.locale")).isEmpty();
  }

  @Test
  void onlyTheLibdirStepsTheUserNamedMountBlockDevicesAndEveryLibdirAssemblerGetsLoopDevices() {
    StageCatalog catalog =
        StageCatalog.fromClassPath()
            .withLibdir(libdir)
            .withLibdirFirst(true)
            .withBlockDeviceMounts(java.util.Set.of("org.osbuild.tar"));

    assertThat(catalog.assembler("org.osbuild.tar").orElseThrow().mountsBlockDevices()).isTrue();
    assertThat(catalog.assembler("org.osbuild.tar").orElseThrow().usesLoopDevices()).isTrue();
    assertThat(catalog.stage("org.osbuild.locale").orElseThrow().mountsBlockDevices()).isFalse();
    assertThat(catalog.stage("org.osbuild.locale").orElseThrow().usesLoopDevices()).isFalse();
    assertThat(catalog.assembler("org.osbuild.qcow2").orElseThrow().mountsBlockDevices())
        .as("a native step")
        .isFalse();
    assertThat(catalog.withLibdir(libdir).blockDeviceMounts()).containsExactly("org.osbuild.tar");
    assertThat(
            StageCatalog.fromClassPath()
                .withLibdir(libdir)
                .assembler("org.example.none")
                .isPresent())
        .isFalse();
  }
}
