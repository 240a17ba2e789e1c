package org.osbuildj.core.spi;

/** What a stage's implementation gets while it runs: its tree is writable. */
public interface StageContext extends StepContext {}
