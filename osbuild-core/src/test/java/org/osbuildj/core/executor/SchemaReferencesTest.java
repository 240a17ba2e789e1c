package org.osbuildj.core.executor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osbuildj.core.catalog.StageCatalog;
import org.osbuildj.core.manifest.Manifest;
import org.osbuildj.core.manifest.Problem;

/**
 * An external stage's schema is read as it is: checking options never fetches anything, from the
 * network or from other files; only references inside the schema and to the JSON Schema
 * meta-schemas the validator carries are followed.
 */
class SchemaReferencesTest {
  private static final String MANIFEST =
      "{\"stages\": [{\"name\": \"org.example.step\", \"options\": {\"x\": 1}}]}";

  @TempDir Path lib;
  HttpServer server;
  final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void serve() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.add(exchange.getRequestURI().toString());
          byte[] schema = "{\"type\": \"object\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, schema.length);
          exchange.getResponseBody().write(schema);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private Path stageWithSchema(String schema) throws Exception {
    Path stages = Files.createDirectories(lib.resolve("stages"));
    Path stage = Files.writeString(stages.resolve("org.example.step"), "#!/bin/sh\n");
    stage.toFile().setExecutable(true);
    return Files.writeString(stages.resolve("org.example.step.schema.json"), schema);
  }

  private List<Problem> problems() {
    return Osbuild.check(Manifest.load(MANIFEST), StageCatalog.fromClassPath().withLibdir(lib))
        .problems();
  }

  @Test
  void aReferenceToAnHttpAddressIsRefusedNamingTheSchemaAndNothingIsFetched() throws Exception {
    String address = "http://127.0.0.1:" + server.getAddress().getPort() + "/options.json";
    Path schema =
        stageWithSchema(
            "{\"$schema\": \"https://json-schema.org/draft/2020-12/schema\","
                + " \"properties\": {\"x\": {\"$ref\": \""
                + address
                + "\"}}}");

    List<Problem> problems = problems();

    assertThat(requests).isEmpty();
    assertThat(problems)
        .containsExactly(
            new Problem(
                ".stages[0].options",
                "cannot be checked: the options schema "
                    + schema
                    + " refers to "
                    + address
                    + ", which is not loaded: a schema may refer only to itself and to the JSON"
                    + " Schema meta-schemas"));
  }

  @Test
  void aReferenceToAnotherFileIsRefusedToo() throws Exception {
    Path other = Files.writeString(lib.resolve("other.json"), "{\"type\": \"string\"}");
    Path schema =
        stageWithSchema("{\"properties\": {\"x\": {\"$ref\": \"" + other.toUri() + "\"}}}");

    assertThat(problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .startsWith(
                        "cannot be checked: the options schema " + schema + " refers to file:"));
  }

  @Test
  void referencesInsideTheSchemaAndTheMetaSchemaAreFollowed() throws Exception {
    stageWithSchema(
        "{\"$schema\": \"http://json-schema.org/draft-07/schema#\","
            + " \"definitions\": {\"small\": {\"type\": \"integer\", \"maximum\": 0}},"
            + " \"properties\": {\"x\": {\"$ref\": \"#/definitions/small\"}}}");

    assertThat(problems()).extracting(Problem::path).containsExactly(".stages[0].options.x");
    assertThat(requests).isEmpty();
  }
}
