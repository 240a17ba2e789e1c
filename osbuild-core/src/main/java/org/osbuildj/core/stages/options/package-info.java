/**
 * Typed builders of the built-in stages' options, made by {@link org.osbuildj.core.stages.Stages}.
 * Each only yields a stage's name and JSON options; values are checked against the stage's schema
 * when the pipeline is validated.
 */
package org.osbuildj.core.stages.options;
