package org.osbuildj.examples.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.executor.Osbuild;
import org.osbuildj.core.executor.PipelineCheck;
import org.osbuildj.core.manifest.InvalidManifestException;
import org.osbuildj.core.manifest.Manifest;

/**
 * A bounded fuzzer for the manifest reader and the options' validation: the seed's manifests and
 * our samples, mutated byte by byte and in their JSON structure (wrong types, huge and odd numbers,
 * deep nesting, long strings, unicode and lone surrogates), are read with {@link Manifest#load} and
 * checked with {@link Osbuild#check}. Every input must end in a manifest (whose text reads back to
 * an equal one with the same ids) or in an {@link InvalidManifestException}: never another
 * exception, never more than {@value #SECONDS_PER_INPUT} s.
 *
 * <p>Reproducible: a fixed seed and a fixed number of inputs ({@code -Dfuzz.seed=N}, {@code
 * -Dfuzz.inputs=N}, and {@code -Dfuzz.seconds=N} as a cap on the whole run). A failing input is
 * written to {@code target/fuzz-failures/} and named in the failure.
 */
class ManifestFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 15);
  private static final int INPUTS = Integer.getInteger("fuzz.inputs", 5000);
  private static final int SECONDS = Integer.getInteger("fuzz.seconds", 40);
  private static final int SECONDS_PER_INPUT = 2;

  private static final StageCatalog CATALOG =
      StageCatalog.fromClassPath().withLibdir(Path.of("samples/libdir").toAbsolutePath());

  static List<byte[]> seeds() throws Exception {
    List<byte[]> seeds = new ArrayList<>();
    for (Path dir :
        List.of(Path.of("samples"), Path.of("src/test/resources/seed").toAbsolutePath())) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
          seeds.add(Files.readAllBytes(file));
        }
      }
    }
    return seeds;
  }

  /** What one input did: "ok", "invalid", or a failure's description. */
  static String outcome(byte[] input) {
    try {
      Manifest manifest = Manifest.load(new ByteArrayInputStream(input));
      PipelineCheck check = Osbuild.check(manifest, CATALOG);
      check.problems().forEach(p -> assertThat(p.path()).startsWith("."));
      // Its text, as the UTF-8 bytes a file holds, reads back as the same manifest with the same
      // ids: nothing in it (a lone surrogate, say) is lost on the way.
      Manifest again =
          Manifest.load(new ByteArrayInputStream(manifest.text().getBytes(StandardCharsets.UTF_8)));
      if (!again.equals(manifest)
          || !again.pipeline().stageIds().equals(manifest.pipeline().stageIds())) {
        return "its text reads back as another manifest: " + again;
      }
      if (check.problems().isEmpty()) {
        String outOfRange = numberOutOfRange(manifest.toJson());
        if (outOfRange != null) {
          return "passed its check with a number out of range: " + outOfRange;
        }
        return "ok";
      }
      return "invalid";
    } catch (InvalidManifestException e) {
      assertThat(e.problems()).isNotEmpty();
      return "invalid";
    } catch (Throwable e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      return "threw " + trace;
    }
  }

  /** A number no 64-bit float holds (which stages would read as 0 or infinity), or null. */
  private static String numberOutOfRange(JsonNode node) {
    if (node.isNumber()) {
      return Double.isFinite(node.doubleValue()) ? null : node.toString();
    }
    for (JsonNode child : node) {
      String found = numberOutOfRange(child);
      if (found != null) return found;
    }
    return null;
  }

  @Test
  void everyMutatedManifestIsReadOrRefusedWithAClearErrorInBoundedTime() throws Exception {
    List<byte[]> seeds = seeds();
    assertThat(seeds).hasSizeGreaterThan(10);
    Mutator mutator = new Mutator(new Random(SEED));
    Map<String, String> failures = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(SECONDS).toNanos();
    int run = 0;
    for (; run < INPUTS && System.nanoTime() < deadline; run++) {
      byte[] input = mutator.mutate(seeds.get(mutator.random.nextInt(seeds.size())));
      String result;
      try {
        result =
            assertTimeoutPreemptively(Duration.ofSeconds(SECONDS_PER_INPUT), () -> outcome(input));
      } catch (AssertionFailedError e) {
        result = "took longer than " + SECONDS_PER_INPUT + " s";
      }
      // A failure's kind is what it says before its details: "threw java.lang.X", say.
      String kind = result.lines().findFirst().orElse("").replaceAll(":.*", "");
      counts.merge(kind, 1, Integer::sum);
      if (!result.equals("ok") && !result.equals("invalid") && !failures.containsKey(kind)) {
        Path saved = Path.of("target/fuzz-failures/input-" + SEED + "-" + run + ".json");
        Files.createDirectories(saved.getParent());
        Files.write(saved, input);
        failures.put(kind, saved + ":\n" + result);
      }
    }
    System.out.println("manifest fuzzer: " + run + " inputs from seed " + SEED + ": " + counts);
    assertThat(failures.values()).as("inputs that failed").isEmpty();
    assertThat(run).as("inputs run").isGreaterThan(Math.min(INPUTS, 200));
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    for (String input :
        List.of(
            deep,
            "{\"stages\": [{\"name\": \"org.osbuild.noop\", \"options\": {\"x\": " + deep + "}}]}",
            "{\"stages\": [{\"name\": \"org.osbuild.noop\", \"options\": "
                + "{\"a\":".repeat(100_000)
                + "1"
                + "}".repeat(100_000)
                + "}]}")) {
      assertThat(
              assertTimeoutPreemptively(
                  Duration.ofSeconds(SECONDS_PER_INPUT),
                  () -> outcome(input.getBytes(StandardCharsets.UTF_8))))
          .isEqualTo("invalid");
    }
  }

  /** Byte and JSON-structure mutations of a manifest. */
  static final class Mutator {
    private static final String[] TOKENS = {
      "\\ud800",
      "\\udfff",
      "\\ud83d\\ude00",
      "\\u0000",
      "1e400",
      "-1e400",
      "-0",
      "-0.0",
      "1.5",
      "4095.0",
      "1e3",
      "99999999999999999999999",
      "18446744073709551616",
      "-1",
      "NaN",
      "Infinity",
      "null",
      "true",
      "[]",
      "{}",
      "\"\"",
      "\"a\"",
      ",",
      ":",
      "\"",
      "\\",
      "{\"pipeline\": {}}",
      "\"sources\"",
      "\"..\"",
      "\"/../../etc/passwd\"",
      "\"org.osbuild.noop\"",
      "\"mode\""
    };

    private static final String[] NUMBERS = {
      "1e400",
      "-1e400",
      "1e308",
      "-1e308",
      "1e-400",
      "1.5",
      "-0",
      "-0.0",
      "0.0",
      "1e3",
      "4095.0",
      "4096",
      "99999999999999999999999",
      "1.8446744073709551616e19",
      "18446744073709551617e0",
      "9223372036854775808",
      "-9223372036854775809",
      "2147483648",
      "4294967295",
      "1E+2",
      "0e999999"
    };

    final Random random;

    Mutator(Random random) {
      this.random = random;
    }

    byte[] mutate(byte[] seed) {
      byte[] input = seed;
      int rounds = random.nextBoolean() ? 1 : 1 + random.nextInt(3);
      for (int i = 0; i < rounds; i++) {
        input = random.nextInt(3) == 0 ? mutateBytes(input) : mutateStructure(input);
      }
      return input;
    }

    private byte[] mutateBytes(byte[] input) {
      if (input.length == 0)
        return TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8);
      int at = random.nextInt(input.length);
      return switch (random.nextInt(5)) {
        case 0 -> {
          byte[] copy = input.clone();
          copy[at] ^= (byte) (1 << random.nextInt(8));
          yield copy;
        }
        case 1 -> splice(input, at, 0, new byte[] {(byte) random.nextInt(256)});
        case 2 ->
            splice(input, at, Math.min(1 + random.nextInt(16), input.length - at), new byte[0]);
        case 3 ->
            splice(
                input,
                at,
                0,
                TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
        default -> {
          int length = Math.min(1 + random.nextInt(64), input.length - at);
          byte[] part = java.util.Arrays.copyOfRange(input, at, at + length);
          yield splice(input, random.nextInt(input.length), 0, part);
        }
      };
    }

    private static byte[] splice(byte[] input, int at, int remove, byte[] insert) {
      byte[] out = new byte[input.length - remove + insert.length];
      System.arraycopy(input, 0, out, 0, at);
      System.arraycopy(insert, 0, out, at, insert.length);
      System.arraycopy(input, at + remove, out, at + insert.length, input.length - at - remove);
      return out;
    }

    /** Replaces one value found in the document's text by another kind of value. */
    private byte[] mutateStructure(byte[] input) {
      String text = new String(input, StandardCharsets.UTF_8);
      JsonNode root;
      try {
        root = org.osbuildj.core.json.Json.mapper().readTree(text);
      } catch (Exception e) {
        return mutateBytes(input);
      }
      if (root == null) return mutateBytes(input);
      List<String> values = new ArrayList<>();
      collect(root, values);
      // A third of the time a number gets another number: odd ones where a number is expected.
      List<String> numbers = values.stream().filter(v -> v.matches("-?[0-9].*")).toList();
      boolean number = !numbers.isEmpty() && random.nextInt(3) == 0;
      List<String> targets = number ? numbers : values;
      if (targets.isEmpty()) return mutateBytes(input);
      String target = targets.get(random.nextInt(targets.size()));
      int at = text.indexOf(target);
      if (at < 0) return mutateBytes(input);
      String with = number ? NUMBERS[random.nextInt(NUMBERS.length)] : replacement();
      String replaced = text.substring(0, at) + with + text.substring(at + target.length());
      return replaced.getBytes(StandardCharsets.UTF_8);
    }

    /** Scalar values as the text writes them (strings quoted), and some object keys. */
    private static void collect(JsonNode node, List<String> out) {
      if (node.isValueNode()) {
        out.add(node.toString());
      } else {
        node.fields().forEachRemaining(f -> out.add("\"" + f.getKey() + "\""));
        node.elements().forEachRemaining(child -> collect(child, out));
      }
    }

    private String replacement() {
      return switch (random.nextInt(12)) {
        case 0 -> TOKENS[random.nextInt(TOKENS.length)];
        case 1 -> Long.toString(random.nextLong());
        case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(700) - 350) + "";
        case 3 -> "1e" + (random.nextInt(2000) - 1000);
        case 4 -> "[".repeat(random.nextInt(1200)) + "]".repeat(random.nextInt(1200));
        case 5 -> "\"" + "x".repeat(random.nextInt(200_000)) + "\"";
        case 6 -> "\"" + unicode() + "\"";
        case 7 -> "{\"" + unicode() + "\": " + TOKENS[random.nextInt(TOKENS.length)] + "}";
        case 8 -> "[" + TOKENS[random.nextInt(TOKENS.length)] + ", {}]";
        case 9 -> "{\"name\": \"org.osbuild.noop\", \"options\": {\"x\": 1}}";
        case 10 -> "\"" + "\\ud800".repeat(1 + random.nextInt(3)) + "\"";
        default -> "{\"a\": 1, \"a\": 2}";
      };
    }

    private String unicode() {
      StringBuilder s = new StringBuilder();
      int length = 1 + random.nextInt(20);
      for (int i = 0; i < length; i++) {
        int kind = random.nextInt(5);
        int cp =
            kind == 0
                ? random.nextInt(0x20)
                : kind == 1
                    ? 0x80 + random.nextInt(0x780)
                    : kind == 2
                        ? 0x1F600 + random.nextInt(80)
                        : kind == 3 ? 0x202E : 'a' + random.nextInt(26);
        if (cp < 0x20 || cp == '"' || cp == '\\') {
          s.append(String.format("\\u%04x", cp));
        } else {
          s.appendCodePoint(cp);
        }
      }
      return s.toString();
    }
  }
}
