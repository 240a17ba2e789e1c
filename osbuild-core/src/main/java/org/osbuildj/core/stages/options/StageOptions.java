package org.osbuildj.core.stages.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.Stage;
import org.osbuildj.core.pipeline.StageSource;

/**
 * What the typed stage helpers share: each is an immutable value that makes one {@link Stage}, a
 * name and JSON options, and two helpers are equal exactly when the stages they make are equal.
 * Every {@code withX} or {@code addX} method returns a new value and leaves the one it was called
 * on unchanged.
 *
 * <p>An option is written only when it was given: a helper made from a manifest's options writes
 * the same JSON, so the stage and its id are the same. A value equal to the stage's default is
 * written too when given, as a manifest would spell it.
 *
 * <p>Subclasses hold only final fields with immutable values, and write the options afresh on each
 * call of {@link #json()}. A helper for an external stage can extend this class as well.
 */
public abstract class StageOptions implements StageSource {
  private final String name;

  /**
   * @param name the stage's name, such as {@code org.osbuild.hostname}
   */
  protected StageOptions(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The stage's name. */
  protected final String name() {
    return name;
  }

  /** The options as a new JSON object. */
  protected abstract ObjectNode json();

  @Override
  public final Stage toStage() {
    return Stage.of(name, json());
  }

  @Override
  public final boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && toStage().equals(((StageOptions) o).toStage());
  }

  @Override
  public final int hashCode() {
    return toStage().hashCode();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + toStage().options();
  }

  /**
   * Sets {@code field} to the JSON form of {@code value} (a string, number, boolean or list),
   * unless null.
   */
  protected static ObjectNode put(ObjectNode json, String field, Object value) {
    if (value != null) {
      json.set(field, Json.mapper().valueToTree(value));
    }
    return json;
  }

  /** An immutable copy of the strings of one option, refusing a null array or item. */
  protected static List<String> listOf(String option, String... values) {
    Objects.requireNonNull(values, option);
    List<String> list = new ArrayList<>(values.length);
    for (String value : values) {
      list.add(Objects.requireNonNull(value, () -> "an item of " + option + " is null"));
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * {@code list} (null: not set, taken as empty) followed by {@code more}, as a new immutable list.
   */
  protected static List<String> append(String option, List<String> list, String... more) {
    List<String> all = new ArrayList<>(list == null ? List.of() : list);
    all.addAll(listOf(option, more));
    return Collections.unmodifiableList(all);
  }

  /** {@code list} followed by {@code item}, as a new immutable list. */
  protected static <T> List<T> plus(String option, List<T> list, T item) {
    List<T> all = new ArrayList<>(list);
    all.add(Objects.requireNonNull(item, option));
    return Collections.unmodifiableList(all);
  }

  /** A copy of {@code map} with {@code key} set to {@code value}, keeping the order of the keys. */
  protected static <V> Map<String, V> with(String option, Map<String, V> map, String key, V value) {
    Map<String, V> copy = new LinkedHashMap<>(map);
    copy.put(
        Objects.requireNonNull(key, () -> "a name in " + option + " is null"),
        Objects.requireNonNull(value, option));
    return Collections.unmodifiableMap(copy);
  }
}
