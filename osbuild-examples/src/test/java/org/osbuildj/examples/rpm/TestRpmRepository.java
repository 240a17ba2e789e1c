package org.osbuildj.examples.rpm;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real RPM repository made for a test: packages built with {@code rpmbuild}, all but one signed
 * with a throwaway GPG key, indexed with {@code createrepo_c}, served over HTTP on 127.0.0.1 until
 * closed.
 *
 * <ul>
 *   <li>{@code test-filesystem}: the directories of a root;
 *   <li>{@code test-shell}: busybox-static as {@code /bin/sh} (and its applets), for scriptlets;
 *   <li>{@code hello-lib}, and {@code hello} which needs it and whose {@code %post} writes {@code
 *       /etc/hello-post} inside the tree;
 *   <li>{@code test-unsigned}: not signed, for gpgcheck to refuse;
 *   <li>stand-ins with the names the osbuild seed's samples install from Fedora 30, each a small
 *       signed package that says what it stands for in {@code /usr/share/osbuild-java/stand-ins/}:
 *       {@code kernel} (5.0.9-301.fc30, with a {@code /boot/vmlinuz-5.0.9-301.fc30.x86_64} that is
 *       no kernel, for {@code org.osbuild.grub2} to find), {@code grub2-pc}, {@code
 *       selinux-policy-targeted} (with {@code /etc/selinux/config} and the {@code file_contexts}
 *       the seed's selinux sample names), {@code dnf} and {@code systemd};
 *   <li>the group {@code core} (named {@code Core}, as the seed's {@code @Core} asks for it), of
 *       {@code test-filesystem}, {@code test-shell}, {@code systemd}, {@code dnf} and {@code
 *       kernel}. Fedora's own group holds some hundred packages; these are the ones the seed's
 *       samples rely on, the kernel among them, which the grub2 stage here needs to boot.
 * </ul>
 */
public final class TestRpmRepository implements AutoCloseable {
  /** What the signed packages' names are. */
  public static final List<String> SIGNED =
      List.of("test-filesystem", "test-shell", "hello-lib", "hello");

  private static final String KEY_NAME = "osbuild-java test <rpm-test@osbuild.invalid>";

  private final Path repo;
  private final HttpServer server;

  private TestRpmRepository(Path repo, HttpServer server) {
    this.repo = repo;
    this.server = server;
  }

  /** Builds the packages and the repository under {@code work}, and starts serving it. */
  public static TestRpmRepository create(Path work) throws Exception {
    Path top = Files.createDirectories(work.resolve("rpmbuild"));
    Path repo = Files.createDirectories(work.resolve("repo"));
    Path gnupg = Files.createDirectories(work.resolve("gnupg"));
    Files.setPosixFilePermissions(
        gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    Map<String, String> gpgEnv = Map.of("GNUPGHOME", gnupg.toString());
    run(
        gpgEnv,
        "gpg",
        "--batch",
        "--passphrase",
        "",
        "--quick-generate-key",
        KEY_NAME,
        "rsa2048",
        "sign",
        "never");
    run(
        gpgEnv,
        "gpg",
        "--armor",
        "--output",
        repo.resolve("RPM-GPG-KEY-test").toString(),
        "--export",
        KEY_NAME);
    List<Path> built = new ArrayList<>();
    for (Map.Entry<String, String> spec : specs().entrySet()) {
      Path file = Files.writeString(work.resolve(spec.getKey() + ".spec"), spec.getValue());
      run(
          Map.of(),
          "rpmbuild",
          "--quiet",
          "--define",
          "_topdir " + top,
          "--define",
          "_binary_payload w9.gzdio",
          "-bb",
          file.toString());
    }
    try (var rpms = Files.walk(top.resolve("RPMS"))) {
      rpms.filter(p -> p.toString().endsWith(".rpm")).forEach(built::add);
    }
    for (Path rpm : built) {
      Path target = repo.resolve(rpm.getFileName());
      Files.copy(rpm, target);
      if (!rpm.getFileName().toString().startsWith("test-unsigned")) {
        run(
            gpgEnv,
            "rpmsign",
            "--addsign",
            "--define",
            "_gpg_name " + KEY_NAME,
            "--define",
            "_gpg_path " + gnupg,
            // Debian's rpm looks for gpg2, which Debian no longer ships under that name.
            "--define",
            "__gpg /usr/bin/gpg",
            target.toString());
      }
    }
    Path comps = Files.writeString(work.resolve("comps.xml"), COMPS);
    run(Map.of(), "createrepo_c", "-q", "--groupfile", comps.toString(), repo.toString());
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Path file = repo.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
          if (!file.startsWith(repo) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          byte[] body = Files.readAllBytes(file);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return new TestRpmRepository(repo, server);
  }

  /** The repository's base URL. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** The URL of the public key the packages are signed with. */
  public String keyUrl() {
    return url() + "RPM-GPG-KEY-test";
  }

  public Path directory() {
    return repo;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  /** The packages of the group {@code core}, which the seed's samples install as {@code @Core}. */
  public static final List<String> CORE =
      List.of("test-filesystem", "test-shell", "systemd", "dnf", "kernel");

  /** The version of the stand-in {@code kernel}, Fedora 30's first. */
  public static final String KERNEL = "5.0.9-301.fc30.x86_64";

  private static final String COMPS =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <!DOCTYPE comps PUBLIC "-//Red Hat, Inc.//DTD Comps info//EN" "comps.dtd">
      <comps>
        <group>
          <id>core</id>
          <name>Core</name>
          <description>The stand-ins of osbuild-java's tests for Fedora's core group.</description>
          <default>false</default>
          <uservisible>false</uservisible>
          <packagelist>
      %s    </packagelist>
        </group>
      </comps>
      """
          .formatted(
              CORE.stream()
                  .map(p -> "      <packagereq type=\"mandatory\">" + p + "</packagereq>\n")
                  .collect(java.util.stream.Collectors.joining()));

  /**
   * A package named as Fedora 30's {@code name}, which only says so in a file, and installs {@code
   * more} (spec {@code %install} lines and {@code %files} lines).
   */
  private static String standIn(
      String name, String version, String release, String installMore, String filesMore) {
    String marker = "/usr/share/osbuild-java/stand-ins/" + name;
    return "Name: "
        + name
        + "\nVersion: "
        + version
        + "\nRelease: "
        + release
        + "\nBuildArch: noarch\nRequires: test-filesystem\nLicense: MIT\n"
        + "Summary: stands in for Fedora 30's "
        + name
        + " in osbuild-java's tests\nAutoReqProv: no\n%global debug_package %{nil}\n"
        + "%global __os_install_post %{nil}\n"
        + "%description\nA stand-in, with Fedora 30's name, for osbuild-java's tests.\n"
        + "%install\nmkdir -p %{buildroot}/usr/share/osbuild-java/stand-ins\n"
        + "echo \"stands in for Fedora 30's "
        + name
        + "\" > %{buildroot}"
        + marker
        + "\n"
        + installMore
        + "%files\n"
        + marker
        + "\n"
        + filesMore;
  }

  private static Map<String, String> specs() {
    Map<String, String> specs = new java.util.TreeMap<>(testSpecs());
    String vmlinuz = "/boot/vmlinuz-" + KERNEL;
    specs.put(
        "kernel",
        standIn(
            "kernel",
            "5.0.9",
            "301.fc30",
            "mkdir -p %{buildroot}/boot\necho 'not a kernel' > %{buildroot}" + vmlinuz + "\n",
            vmlinuz + "\n"));
    specs.put("grub2-pc", standIn("grub2-pc", "2.02", "81.fc30", "", ""));
    String contexts = "/etc/selinux/targeted/contexts/files/file_contexts";
    specs.put(
        "selinux-policy-targeted",
        standIn(
            "selinux-policy-targeted",
            "3.14.3",
            "29.fc30",
            "mkdir -p %{buildroot}/etc/selinux/targeted/contexts/files\n"
                + "printf 'SELINUX=enforcing\\nSELINUXTYPE=targeted\\n'"
                + " > %{buildroot}/etc/selinux/config\n"
                + "printf '/.*\\tsystem_u:object_r:default_t:s0\\n"
                + "/etc(/.*)?\\tsystem_u:object_r:etc_t:s0\\n"
                + "/bin(/.*)?\\tsystem_u:object_r:bin_t:s0\\n"
                + "/usr(/.*)?\\tsystem_u:object_r:usr_t:s0\\n"
                + "/boot(/.*)?\\tsystem_u:object_r:boot_t:s0\\n' > %{buildroot}"
                + contexts
                + "\n",
            "/etc/selinux/config\n" + contexts + "\n"));
    specs.put("dnf", standIn("dnf", "4.2.2", "2.fc30", "", ""));
    specs.put("systemd", standIn("systemd", "241", "7.gita2eaa1c.fc30", "", ""));
    return specs;
  }

  private static Map<String, String> testSpecs() {
    String common =
        "Version: 1.0\nRelease: 1\nLicense: MIT\nSummary: osbuild-java test package\n"
            + "AutoReqProv: no\n%global debug_package %{nil}\n%global __os_install_post %{nil}\n";
    return Map.of(
        "test-filesystem",
        "Name: test-filesystem\nBuildArch: noarch\n"
            + common
            + "%description\nThe directories of a root.\n"
            + "%install\nfor d in bin etc root tmp usr/bin var/lib proc sys dev; do"
            + " mkdir -p %{buildroot}/$d; done\n"
            + "%files\n%dir /bin\n%dir /etc\n%dir /root\n%dir /tmp\n%dir /usr\n%dir /usr/bin\n"
            + "%dir /var\n%dir /var/lib\n%dir /proc\n%dir /sys\n%dir /dev\n",
        "test-shell",
        "Name: test-shell\nRequires: test-filesystem\nProvides: /bin/sh\n"
            + common
            + "%description\nbusybox as the shell.\n"
            + "%install\nmkdir -p %{buildroot}/bin\ncp /bin/busybox %{buildroot}/bin/busybox\n"
            + "ln -s busybox %{buildroot}/bin/sh\nln -s busybox %{buildroot}/bin/cat\n"
            + "%files\n/bin/busybox\n/bin/sh\n/bin/cat\n",
        "hello-lib",
        "Name: hello-lib\nBuildArch: noarch\nRequires: test-filesystem\n"
            + common
            + "%description\nWhat hello needs.\n"
            + "%install\nmkdir -p %{buildroot}/usr/share/hello\n"
            + "echo lib > %{buildroot}/usr/share/hello/lib\n"
            + "%files\n/usr/share/hello/lib\n",
        "hello",
        "Name: hello\nBuildArch: noarch\nRequires: hello-lib\nRequires(post): /bin/sh\n"
            + common
            + "%description\nA package whose scriptlet must run in the tree.\n"
            + "%install\nmkdir -p %{buildroot}/etc\necho hello > %{buildroot}/etc/hello\n"
            + "%post\necho \"posted in a root with $(cat /etc/hello)\" > /etc/hello-post\n"
            + "%files\n/etc/hello\n",
        "test-unsigned",
        "Name: test-unsigned\nBuildArch: noarch\nRequires: test-filesystem\n"
            + common
            + "%description\nNot signed.\n"
            + "%install\nmkdir -p %{buildroot}/etc\necho unsigned > %{buildroot}/etc/unsigned\n"
            + "%files\n/etc/unsigned\n");
  }

  private static String run(Map<String, String> env, String... argv)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", argv) + " failed:\n" + out);
    }
    return out;
  }
}
