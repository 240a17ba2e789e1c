package org.osbuildj.core.stages;

import java.util.Objects;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Stage;

/**
 * Typed helpers for the built-in stages. Each only produces a stage's name and JSON options, so a
 * stage made here equals the same stage read from a manifest, with the same id:
 *
 * <pre>{@code
 * Pipeline os = Pipeline.builder()
 *     .stage(Stages.hostname("demo"))
 *     .stage(Stages.timezone("Europe/Berlin"))
 *     .stage(Stages.locale("en_US.UTF-8"))
 *     .build();
 * }</pre>
 *
 * <p>Values are checked against the stage's schema when the pipeline is validated, not here, so
 * that an error carries its JSON path like any other.
 */
public final class Stages {
  private Stages() {}

  /** {@code org.osbuild.noop}, with no options. */
  public static Stage noop() {
    return Stage.of(NoopStage.NAME);
  }

  /** {@code org.osbuild.hostname}: {@code /etc/hostname} holds {@code hostname}. */
  public static Stage hostname(String hostname) {
    return Stage.of(HostnameStage.NAME, Json.object().put("hostname", required(hostname, "hostname")));
  }

  /** {@code org.osbuild.timezone}: a zone such as {@code "Europe/Berlin"} or {@code "UTC"}. */
  public static Stage timezone(String zone) {
    return Stage.of(TimezoneStage.NAME, Json.object().put("zone", required(zone, "zone")));
  }

  /** {@code org.osbuild.locale}: a default locale such as {@code "en_US.UTF-8"}. */
  public static Stage locale(String language) {
    return Stage.of(LocaleStage.NAME, Json.object().put("language", required(language, "language")));
  }

  private static String required(String value, String option) {
    return Objects.requireNonNull(value, option);
  }
}
