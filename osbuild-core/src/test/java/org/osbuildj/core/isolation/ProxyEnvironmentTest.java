package org.osbuildj.core.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyEnvironmentTest {

  @Test
  void bothCasesOfEveryConventionalProxyVariableAreTakenAsSetAndNothingElse() {
    Map<String, String> jvm = new LinkedHashMap<>();
    jvm.put("PATH", "/usr/bin");
    jvm.put("HTTPS_PROXY", "http://upper.example:3128");
    jvm.put("http_proxy", "http://user:secret@proxy.example:3128");
    jvm.put("no_proxy", "localhost,.internal.example");
    jvm.put("ALL_PROXY", "socks5://proxy.example:1080");
    jvm.put("ftp_proxy", "");
    jvm.put("Http_Proxy", "mixed case is no convention");
    jvm.put("http_proxy_user", "not a proxy variable");
    jvm.put("GIT_PROXY_COMMAND", "not passed either");

    Map<String, String> selected = ProxyEnvironment.select(jvm);

    assertThat(selected)
        .containsExactly(
            Map.entry("http_proxy", "http://user:secret@proxy.example:3128"),
            Map.entry("HTTPS_PROXY", "http://upper.example:3128"),
            Map.entry("ftp_proxy", ""),
            Map.entry("no_proxy", "localhost,.internal.example"),
            Map.entry("ALL_PROXY", "socks5://proxy.example:1080"));
  }

  @Test
  void theListHasTheFiveVariablesInLowerAndUpperCase() {
    assertThat(ProxyEnvironment.NAMES)
        .containsExactly(
            "http_proxy",
            "HTTP_PROXY",
            "https_proxy",
            "HTTPS_PROXY",
            "ftp_proxy",
            "FTP_PROXY",
            "no_proxy",
            "NO_PROXY",
            "all_proxy",
            "ALL_PROXY");
  }

  @Test
  void aSandboxWithoutTheNetworkGetsNoneAndOneWithItGetsTheJvmsOwn() {
    assertThat(ProxyEnvironment.forSandbox(false)).isEmpty();
    assertThat(ProxyEnvironment.forSandbox(true))
        .isEqualTo(ProxyEnvironment.select(System.getenv()));
  }
}
