package org.osbuildj.core.event;

/**
 * Receives build events, in order, on the building thread (log lines may come from the stage's
 * output reader). Keep it quick: a slow listener slows the build.
 */
@FunctionalInterface
public interface BuildListener {
  void onEvent(BuildEvent event);
}
