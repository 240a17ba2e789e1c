package org.osbuildj.core.event;

/**
 * Names one step of a build in events and errors.
 *
 * @param pipeline the pipeline's name: "build" for a build pipeline (nested ones "build.build"),
 *     "tree" for the pipeline given to the build
 * @param kind a stage or the assembler
 * @param index the stage's position, from 1; for the assembler, the number of stages plus 1
 * @param count how many steps the pipeline has (stages plus assembler)
 * @param name the stage's or assembler's name
 * @param id the stage's or assembler's id
 */
public record StepRef(String pipeline, Kind kind, int index, int count, String name, String id) {
  public enum Kind {
    STAGE,
    ASSEMBLER
  }

  /** "stage 3/9 org.osbuild.apt" as a person reads it. */
  public String display() {
    return (kind == Kind.STAGE ? "stage" : "assembler") + " " + index + "/" + count + " " + name;
  }
}
