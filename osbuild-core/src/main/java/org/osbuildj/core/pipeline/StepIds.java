package org.osbuildj.core.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.osbuildj.core.json.CanonicalJson;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.json.Sha256;

/**
 * The id scheme (documented in docs/ids.md): the SHA-256, as hex, of the canonical JSON of {@code
 * {"build": B, "name": N, "options": O, "parent": P}}, where B is the tree id of the build pipeline
 * (null when stages run on the host), N the stage's name, O its options ({} when none) and P the id
 * of the stage before it (the pipeline's base for the first stage, or null).
 *
 * <p>Chaining through the parent makes a change to one stage change every later id and no earlier
 * one; chaining through the build pipeline makes a new build root rebuild everything.
 */
final class StepIds {
  private StepIds() {}

  static String of(String build, String name, Options options, String parent) {
    ObjectNode input = Json.object();
    if (build == null) input.putNull("build");
    else input.put("build", build);
    input.put("name", name);
    input.set("options", options.json());
    if (parent == null) input.putNull("parent");
    else input.put("parent", parent);
    return Sha256.hex(CanonicalJson.write(input));
  }
}
