package org.osbuildj.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.json.CanonicalJson;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.manifest.Problem;
import org.osbuildj.core.pipeline.Pipeline;

/**
 * Numbers in options as JSON can write them: with exponents, fractions, signs and more digits than
 * a long holds. A number is checked by its value, never by a wrapped or truncated one.
 */
class NumericOptionsTest {
  private static List<Problem> problems(String manifest) {
    return Osbuild.check(Manifest.load(manifest), StageCatalog.fromClassPath()).problems();
  }

  private static String mkdirMode(String mode) {
    return "{\"stages\": [{\"name\": \"org.osbuild.mkdir\", \"options\": {\"paths\": [{\"path\":"
        + " \"/x\", \"mode\": "
        + mode
        + "}]}}]}";
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1e400",
        "-1e400",
        "1.5",
        "4096",
        "-1",
        "99999999999999999999999",
        "1.8446744073709551616e19",
        "18446744073709552111e0",
        "1e25"
      })
  void aModeThatIsNoIntegerFrom0To4095IsAProblemAtItsPath(String mode) {
    assertThat(problems(mkdirMode(mode)))
        .extracting(Problem::path)
        .containsExactly(".stages[0].options.paths[0].mode");
  }

  @ParameterizedTest
  @CsvSource({"4095.0, 4095", "4.93e2, 493", "-0, 0", "-0.0, 0", "0, 0", "1e3, 1000"})
  void anIntegerWrittenAsADecimalIsThatInteger(String written, long value) {
    Pipeline pipeline = Manifest.load(mkdirMode(written)).pipeline();

    assertThat(problems(mkdirMode(written))).isEmpty();
    var mode = pipeline.stages().get(0).options().json().at("/paths/0/mode");
    assertThat(mode.isIntegralNumber()).as(mode.toString()).isTrue();
    assertThat(mode.asText()).isEqualTo(Long.toString(value));
    assertThat(pipeline.stageIds())
        .isEqualTo(Manifest.load(mkdirMode(Long.toString(value))).pipeline().stageIds());
  }

  @ParameterizedTest
  @CsvSource({
    "org.osbuild.copy, '{\"files\": [{\"path\": \"/f\", \"content\": \"\", \"uid\": 1.8446744073709551616e19}]}', .files[0].uid",
    "org.osbuild.grub2, '{\"root_fs_uuid\": \"6e4ff95f-f662-45ee-a82a-bdf44a2d0b75\", \"timeout\": 1e400}', .timeout",
    "org.osbuild.users, '{\"users\": {\"u\": {\"expiredate\": 1e400}}}', .users.u.expiredate",
    "org.osbuild.users, '{\"users\": {\"u\": {\"expiredate\": 9223372036854775808}}}', .users.u.expiredate",
    "org.osbuild.groups, '{\"groups\": {\"g\": {\"gid\": 4294967295.0}}}', .groups.g.gid",
    "org.osbuild.fstab, '{\"filesystems\": [{\"uuid\": \"6e4ff95f-f662-45ee-a82a-bdf44a2d0b75\", \"path\": \"/\", \"vfs_type\": \"ext4\", \"freq\": 1e19}]}', .filesystems[0].freq",
    "org.osbuild.noop, '{\"anything\": [1, -1e400]}', .anything[1]"
  })
  void everyNumericOptionIsCheckedByItsValue(String stage, String options, String path) {
    String manifest = "{\"stages\": [{\"name\": \"" + stage + "\", \"options\": " + options + "}]}";

    assertThat(problems(manifest)).extracting(Problem::path).contains(".stages[0].options" + path);
  }

  @ParameterizedTest
  @CsvSource({
    "org.osbuild.qcow2, '{\"filename\": \"d.qcow2\", \"root_fs_uuid\": \"6e4ff95f-f662-45ee-a82a-bdf44a2d0b75\", \"size\": 1.8446744073709551617e19}', .size",
    "org.osbuild.qcow2, '{\"filename\": \"d.qcow2\", \"root_fs_uuid\": \"6e4ff95f-f662-45ee-a82a-bdf44a2d0b75\", \"size\": 1e400}', .size",
    "org.osbuild.qcow2, '{\"filename\": \"d.qcow2\", \"root_fs_uuid\": \"6e4ff95f-f662-45ee-a82a-bdf44a2d0b75\", \"size\": \"9999999999G\"}', .size",
    "org.osbuild.rawfs, '{\"filename\": \"r.img\", \"root_fs_uuid\": \"6e4ff95f-f662-45ee-a82a-bdf44a2d0b75\", \"size\": \"99999999999999999999\"}', .size"
  })
  void anAssemblersNumericOptionIsCheckedByItsValue(String assembler, String options, String path) {
    String manifest =
        "{\"stages\": [{\"name\": \"org.osbuild.noop\"}], \"assembler\": {\"name\": \""
            + assembler
            + "\", \"options\": "
            + options
            + "}}";

    assertThat(problems(manifest)).extracting(Problem::path).contains(".assembler.options" + path);
  }

  @Test
  void anOutOfRangeNumberIsSaidToBeOne() {
    assertThat(problems(mkdirMode("1e400")))
        .extracting(Problem::message)
        .containsExactly(
            "the number 1E+400 is out of range: a number in options must fit a 64-bit floating"
                + " point number (at most about 1.8e308)");
  }

  @Test
  void anIntegerAndTheSameValueWithAnExponentHaveOneCanonicalForm() throws Exception {
    assertThat(CanonicalJson.write(Json.mapper().readTree("[1e21, 1000000000000000000000]")))
        .isEqualTo("[1e+21,1e+21]");
  }
}
