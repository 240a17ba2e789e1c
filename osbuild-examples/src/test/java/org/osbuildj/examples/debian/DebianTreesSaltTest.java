package org.osbuildj.examples.debian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.stages.Stages;
import org.osbuildj.isolation.linux.NamespaceIsolation;
import org.osbuildj.store.FileStore;

/**
 * The salt of the Debian trees kept between runs changes with anything that could change them: a
 * class or the sandbox program of any module, the mmdebstrap stage's options, the host's
 * mmdebstrap.
 */
class DebianTreesSaltTest {
  private static final String VERSION = "mmdebstrap 1.3.5";

  @TempDir Path dir;
  private List<Path> modules;
  private Stage minbase;

  @BeforeEach
  void threeModulesOfClasses() throws Exception {
    Path core = Files.createDirectories(dir.resolve("core/org/osbuildj/core"));
    Files.write(core.resolve("Stages.class"), new byte[] {(byte) 0xca, (byte) 0xfe, 1});
    Path isolation = Files.createDirectories(dir.resolve("isolation/org/osbuildj/isolation"));
    Files.write(isolation.resolve("NamespaceIsolation.class"), new byte[] {(byte) 0xca, 2});
    Path program = Files.createDirectories(isolation.resolve("native/amd64"));
    Files.write(program.resolve("osbuild-sandbox"), new byte[] {0x7f, 'E', 'L', 'F'});
    Path store = Files.createDirectories(dir.resolve("store/org/osbuildj/store"));
    Files.write(store.resolve("FileStore.class"), new byte[] {(byte) 0xca, 3});
    modules = List.of(dir.resolve("core"), dir.resolve("isolation"), dir.resolve("store"));
    minbase = DebianTrees.minbase(List.of("systemd", "locales"));
  }

  @Test
  void theSameCodeOptionsAndToolGiveTheSameSalt() throws Exception {
    assertThat(DebianTrees.salt(modules, minbase, VERSION))
        .isEqualTo(
            DebianTrees.salt(modules, DebianTrees.minbase(List.of("systemd", "locales")), VERSION))
        .matches("[0-9a-f]{64}");
  }

  @Test
  void aChangedClassOrSandboxProgramInAnyModuleChangesTheSalt() throws Exception {
    String before = DebianTrees.salt(modules, minbase, VERSION);
    List<Path> files =
        List.of(
            dir.resolve("core/org/osbuildj/core/Stages.class"),
            dir.resolve("isolation/org/osbuildj/isolation/NamespaceIsolation.class"),
            dir.resolve("isolation/org/osbuildj/isolation/native/amd64/osbuild-sandbox"),
            dir.resolve("store/org/osbuildj/store/FileStore.class"));

    for (Path file : files) {
      byte[] original = Files.readAllBytes(file);
      byte[] changed = original.clone();
      changed[changed.length - 1]++;
      Files.write(file, changed);
      assertThat(DebianTrees.salt(modules, minbase, VERSION))
          .as("%s changed", file)
          .isNotEqualTo(before);
      Files.write(file, original);
      assertThat(DebianTrees.salt(modules, minbase, VERSION))
          .as("%s restored", file)
          .isEqualTo(before);
    }
    for (Path module : modules) {
      Path added = Files.writeString(module.resolve("Added.class"), "new");
      assertThat(DebianTrees.salt(modules, minbase, VERSION))
          .as("a class added to %s", module)
          .isNotEqualTo(before);
      Files.delete(added);
    }
  }

  @Test
  void otherMmdebstrapOptionsOrAnotherMmdebstrapChangeTheSalt() throws Exception {
    String before = DebianTrees.salt(modules, minbase, VERSION);

    assertThat(DebianTrees.salt(modules, DebianTrees.minbase(List.of("systemd")), VERSION))
        .isNotEqualTo(before);
    assertThat(
            DebianTrees.salt(
                modules,
                Stage.of(
                    minbase.name(), minbase.options().json().deepCopy().put("suite", "trixie")),
                VERSION))
        .isNotEqualTo(before);
    assertThat(DebianTrees.salt(modules, minbase, "mmdebstrap 1.5.7")).isNotEqualTo(before);
  }

  @Test
  void theSaltCoversTheCompiledClassesOfCoreIsolationAndStoreAndTheSandboxProgram()
      throws Exception {
    List<Path> sources = DebianTrees.codeSources();

    assertThat(sources)
        .containsExactly(
            CodeFingerprint.sourceOf(Stages.class),
            CodeFingerprint.sourceOf(NamespaceIsolation.class),
            CodeFingerprint.sourceOf(FileStore.class))
        .doesNotHaveDuplicates();
    assertThat(CodeFingerprint.entries(sources.get(1)).keySet())
        .contains(
            "org/osbuildj/isolation/native/" + System.getProperty("os.arch") + "/osbuild-sandbox",
            "org/osbuildj/isolation/linux/NamespaceIsolation.class");
    assertThat(CodeFingerprint.entries(sources.get(0)).keySet())
        .contains("org/osbuildj/core/stages/Stages.class");
    assertThat(CodeFingerprint.entries(sources.get(2)).keySet())
        .contains("org/osbuildj/store/FileStore.class");
  }
}
