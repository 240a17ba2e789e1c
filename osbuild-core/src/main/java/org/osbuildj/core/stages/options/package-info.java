/**
 * The options of the built-in stages as typed, immutable values, made by {@link
 * org.osbuildj.core.stages.Stages}. Each only yields a stage's name and JSON options, so a stage
 * made here equals the same stage read from a manifest, with the same id; every {@code withX} or
 * {@code addX} method returns a new value. Patterns and ranges are checked against the stage's
 * schema when the pipeline is validated, so that a bad value is reported with its JSON path like
 * any other.
 */
package org.osbuildj.core.stages.options;
