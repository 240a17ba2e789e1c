package org.osbuildj.isolation.libc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LinuxCallsTest {

  @Test
  void aFailedCallNamesItselfItsArgumentAndTheErrorBySymbolAndDescription() {
    assertThatThrownBy(() -> LinuxCalls.close(-1))
        .isInstanceOf(NativeCallException.class)
        .hasMessage("close -1: EBADF (Bad file descriptor)")
        .extracting(e -> ((NativeCallException) e).errno())
        .isEqualTo(9);
  }

  @Test
  void aFailedMountNamesSourceAndTarget() {
    assertThatThrownBy(
            () ->
                LinuxCalls.mount(
                    "/nonexistent-source", "/nonexistent-target", null, LinuxCalls.MS_BIND, null))
        .isInstanceOf(NativeCallException.class)
        .hasMessageStartingWith("mount /nonexistent-source on /nonexistent-target: E");
  }

  @Test
  void anErrnoWithoutASymbolIsShownByNumber() {
    assertThat(new NativeCallException("open /x", 4242, "Unknown error 4242"))
        .hasMessage("open /x: errno 4242 (Unknown error 4242)");
  }

  @Test
  void theThreadIdIsThatOfTheCallingThreadInProc() {
    int tid = LinuxCalls.gettid();

    assertThat(java.nio.file.Path.of("/proc/self/task/" + tid)).isDirectory();
  }
}
