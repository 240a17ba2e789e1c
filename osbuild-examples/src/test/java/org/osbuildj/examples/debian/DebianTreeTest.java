package org.osbuildj.examples.debian;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that builds real Debian trees: it needs root and mmdebstrap (skipping with the
 * reason otherwise), gets the shared {@link DebianTrees} as a parameter, and must leave no mounts
 * or loop devices behind.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("root")
@Tag("e2e")
@ExtendWith(DebianTreesExtension.class)
public @interface DebianTreeTest {}
