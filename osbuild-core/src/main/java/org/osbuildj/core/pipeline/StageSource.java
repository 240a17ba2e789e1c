package org.osbuildj.core.pipeline;

/** Anything that yields a stage: a {@link Stage} itself, or a typed builder of one. */
@FunctionalInterface
public interface StageSource {
  Stage toStage();
}
