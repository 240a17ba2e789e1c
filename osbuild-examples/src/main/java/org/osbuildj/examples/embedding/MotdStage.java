package org.osbuildj.examples.embedding;

import java.util.Optional;
import org.osbuildj.core.spi.StageContext;
import org.osbuildj.core.spi.StageImplementation;

/**
 * A native stage of one's own: {@code org.example.motd} writes the message of the day. Listed in
 * {@code META-INF/services/org.osbuildj.core.spi.StageImplementation}, so any manifest can use it
 * once this jar is on the class path, the launcher's included.
 */
public final class MotdStage implements StageImplementation {
  @Override
  public String name() {
    return "org.example.motd";
  }

  @Override
  public Optional<String> optionsSchema() {
    return Optional.of(
        """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["text"],
          "properties": {"text": {"type": "string", "description": "The message, without the final newline."}}
        }
        """);
  }

  @Override
  public void run(StageContext context) throws Exception {
    // Through the tree, so a hostile /etc symlink cannot send the write to the host.
    context.tree().createDirectories("etc");
    context.tree().writeString("etc/motd", context.options().string("text") + "\n");
  }
}
