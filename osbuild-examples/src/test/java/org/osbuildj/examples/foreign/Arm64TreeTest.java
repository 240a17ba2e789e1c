package org.osbuildj.examples.foreign;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that needs the shared arm64 tree ({@link Arm64Tree}, as a parameter): it needs root,
 * mmdebstrap and qemu-user-static, and must leave no mounts, loop devices or binfmt_misc entries
 * behind.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("root")
@Tag("e2e")
@ExtendWith(Arm64TreeExtension.class)
public @interface Arm64TreeTest {}
