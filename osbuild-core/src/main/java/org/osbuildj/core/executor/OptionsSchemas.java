package org.osbuildj.core.executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.spi.StepImplementation;

/**
 * Compiles a step's options schema with a validator that loads nothing but the schema itself and
 * the JSON Schema meta-schemas it carries: a libdir's schema is not trusted to make the host fetch
 * an address or read a file (a {@code $ref} to {@code http://...} or {@code file:...}).
 */
final class OptionsSchemas {
  private OptionsSchemas() {}

  /** A schema that cannot be used to check options, with what is wrong with it. */
  static final class UnusableSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnusableSchemaException(String message) {
      super(message);
    }
  }

  /** A reference the loader refused; found again in whatever the library wraps it in. */
  private static final class RefusedReference extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String iri;

    RefusedReference(String iri) {
      super("refused to load " + iri);
      this.iri = iri;
    }
  }

  /**
   * Loads only the meta-schemas, which the library maps to {@code classpath:} before asking (its
   * own class-path loader then reads them); everything else is refused.
   */
  private static final SchemaLoader LOCAL_ONLY =
      new SchemaLoader() {
        @Override
        public InputStreamSource getSchema(AbsoluteIri iri) {
          if (iri.toString().startsWith("classpath:")) {
            return null;
          }
          throw new RefusedReference(iri.toString());
        }
      };

  /**
   * The compiled schema, every reference in it resolved now.
   *
   * @throws UnusableSchemaException naming the schema and what is wrong with it
   */
  static JsonSchema compile(StepImplementation step, String schemaText) {
    try {
      JsonNode schemaJson = Json.mapper().readTree(schemaText);
      SpecVersion.VersionFlag version =
          schemaJson.has("$schema")
              ? SpecVersionDetector.detect(schemaJson)
              : SpecVersion.VersionFlag.V202012;
      JsonSchema schema =
          JsonSchemaFactory.getInstance(
                  version, factory -> factory.schemaLoaders(loaders -> loaders.add(LOCAL_ONLY)))
              .getSchema(schemaJson);
      schema.initializeValidators();
      return schema;
    } catch (Exception e) {
      throw unusable(step, e);
    }
  }

  /** What to say of a failure met while compiling or applying a step's schema. */
  static UnusableSchemaException unusable(StepImplementation step, Exception e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof RefusedReference refused) {
        return new UnusableSchemaException(
            origin(step)
                + " refers to "
                + refused.iri
                + ", which is not loaded: a schema may refer only to itself and to the JSON"
                + " Schema meta-schemas");
      }
    }
    return new UnusableSchemaException(
        origin(step) + " is not a valid JSON Schema: " + e.getMessage());
  }

  private static String origin(StepImplementation step) {
    return step.optionsSchemaFile()
        .map(file -> "the options schema " + file)
        .orElse("the options schema of " + step.name());
  }
}
