package org.osbuildj.core.stages;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osbuildj.core.json.Json;
import org.osbuildj.core.pipeline.StageSource;
import org.osbuildj.core.stages.options.CopyOptions.InlineFile;
import org.osbuildj.core.stages.options.FstabOptions.Filesystem;
import org.osbuildj.core.stages.options.MkdirOptions.Directory;
import org.osbuildj.core.stages.options.MmdebstrapOptions.Variant;
import org.osbuildj.core.stages.options.UsersOptions.User;

/**
 * Every typed stage helper, with no optional option and with every option set, beside the options a
 * manifest's author would write for the same stage (single quotes stand for double quotes).
 */
final class StageHelperCases {
  static final String UUID = "6a0d9c8e-3f0b-4c55-9b1c-2f8e1a7d4b21";
  static final String HASH =
      "$y$j9T$Yd0n5z6Pv8eQ0pm4pL.5l/$2k6kQzN2i0V8bXcPrG7HKkqf5yXHuZ8WnV4mXl3UOe6";
  static final String KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB alice@example.org";

  /** A helper, the stage name and options a manifest would give for it, and what the case shows. */
  record Case(String description, String name, StageSource helper, String options) {
    /** The options as JSON text. */
    String optionsJson() {
      return options.replace('\'', '"');
    }

    @Override
    public String toString() {
      return description;
    }
  }

  private StageHelperCases() {}

  static List<Case> all() {
    return List.of(
        new Case("noop", "org.osbuild.noop", Stages.noop(), "{}"),
        new Case(
            "noop with options",
            "org.osbuild.noop",
            Stages.noop(Json.object().put("run", 2)),
            "{'run': 2}"),
        new Case(
            "hostname", "org.osbuild.hostname", Stages.hostname("demo"), "{'hostname': 'demo'}"),
        new Case(
            "timezone",
            "org.osbuild.timezone",
            Stages.timezone("Europe/Berlin"),
            "{'zone': 'Europe/Berlin'}"),
        new Case(
            "locale",
            "org.osbuild.locale",
            Stages.locale("en_US.UTF-8"),
            "{'language': 'en_US.UTF-8'}"),
        new Case(
            "locale with the seed's console keymap",
            "org.osbuild.locale",
            Stages.locale("en_US", "us"),
            "{'language': 'en_US', 'vc_keymap': 'us'}"),
        new Case(
            "script",
            "org.osbuild.script",
            Stages.script("#!/bin/sh\ntrue\n"),
            "{'script': '#!/bin/sh\\ntrue\\n'}"),
        new Case(
            "keymap", "org.osbuild.keymap", Stages.keymap("de-latin1"), "{'keymap': 'de-latin1'}"),
        new Case(
            "keymap with font and layouts",
            "org.osbuild.keymap",
            Stages.keymap("de-latin1").withFont("eurlatgr").withX11Layouts("de", "us"),
            "{'keymap': 'de-latin1', 'font': 'eurlatgr', 'x11-keymap': {'layouts': ['de', 'us']}}"),
        new Case("users, none", "org.osbuild.users", Stages.users(), "{'users': {}}"),
        new Case(
            "users with every setting",
            "org.osbuild.users",
            Stages.users()
                .withUser(
                    "alice",
                    User.defaults()
                        .withUid(1000)
                        .withGid(1000)
                        .withGroups("sudo", "users")
                        .withDescription("Alice Example")
                        .withHome("/home/alice")
                        .withShell("/bin/bash")
                        .withPassword(HASH)
                        .withKey(KEY)
                        .withKeys(KEY + "2", KEY + "3")
                        .withExpiredate(20000))
                .user("root", user -> user.withPassword(HASH)),
            "{'users': {'alice': {'uid': 1000, 'gid': 1000, 'groups': ['sudo', 'users'], 'description': 'Alice Example',"
                + " 'home': '/home/alice', 'shell': '/bin/bash', 'password': '"
                + HASH
                + "', 'key': '"
                + KEY
                + "',"
                + " 'keys': ['"
                + KEY
                + "2', '"
                + KEY
                + "3'], 'expiredate': 20000},"
                + " 'root': {'password': '"
                + HASH
                + "'}}}"),
        new Case(
            "users, spelt as before",
            "org.osbuild.users",
            Stages.users()
                .user(
                    "alice",
                    u ->
                        u.uid(1000)
                            .gid(100)
                            .groups("sudo")
                            .description("Alice")
                            .home("/home/alice")
                            .shell("/bin/sh")
                            .password(HASH)
                            .key(KEY)),
            "{'users': {'alice': {'uid': 1000, 'gid': 100, 'groups': ['sudo'], 'description': 'Alice',"
                + " 'home': '/home/alice', 'shell': '/bin/sh', 'password': '"
                + HASH
                + "', 'key': '"
                + KEY
                + "'}}}"),
        new Case(
            "groups",
            "org.osbuild.groups",
            Stages.groups().withGroup("admins", 2000).withGroup("staff"),
            "{'groups': {'admins': {'gid': 2000}, 'staff': {}}}"),
        new Case(
            "groups, spelt as before",
            "org.osbuild.groups",
            Stages.groups().group("admins", 2000).group("staff"),
            "{'groups': {'admins': {'gid': 2000}, 'staff': {}}}"),
        new Case("fstab, none", "org.osbuild.fstab", Stages.fstab(), "{'filesystems': []}"),
        new Case(
            "fstab by every kind of source",
            "org.osbuild.fstab",
            Stages.fstab()
                .addFilesystem(
                    Filesystem.uuid(UUID, "/", "ext4")
                        .withOptions("errors=remount-ro")
                        .withFreq(0)
                        .withPassno(1))
                .addFilesystem(
                    Filesystem.label("ESP", "/boot/efi", "vfat").withOptions("umask=0077"))
                .addFilesystem(Filesystem.partuuid("0c3b7a2e-01", "/srv", "xfs").withPassno(2))
                .addFilesystem(Filesystem.device("/dev/vdb", "none", "swap")),
            "{'filesystems': [{'uuid': '"
                + UUID
                + "', 'path': '/', 'vfs_type': 'ext4', 'options': 'errors=remount-ro',"
                + " 'freq': 0, 'passno': 1}, {'label': 'ESP', 'path': '/boot/efi', 'vfs_type': 'vfat',"
                + " 'options': 'umask=0077'}, {'partuuid': '0c3b7a2e-01', 'path': '/srv', 'vfs_type': 'xfs', 'passno': 2},"
                + " {'device': '/dev/vdb', 'path': 'none', 'vfs_type': 'swap'}]}"),
        new Case(
            "fstab, spelt as before",
            "org.osbuild.fstab",
            Stages.fstab()
                .uuid(UUID, "/", "ext4", "defaults", 0, 1)
                .device("/dev/vdb", "none", "swap", null, 0, 0),
            "{'filesystems': [{'uuid': '"
                + UUID
                + "', 'path': '/', 'vfs_type': 'ext4', 'options': 'defaults',"
                + " 'freq': 0, 'passno': 1}, {'device': '/dev/vdb', 'path': 'none', 'vfs_type': 'swap', 'freq': 0,"
                + " 'passno': 0}]}"),
        new Case("systemd, nothing", "org.osbuild.systemd", Stages.systemd(), "{}"),
        new Case(
            "systemd with every option",
            "org.osbuild.systemd",
            Stages.systemd()
                .addEnabledServices("ssh.service")
                .addEnabledServices("getty@ttyS0.service")
                .addDisabledServices("a.timer")
                .addMaskedServices("b.socket")
                .withDefaultTarget("multi-user.target"),
            "{'enabled_services': ['ssh.service', 'getty@ttyS0.service'], 'disabled_services': ['a.timer'],"
                + " 'masked_services': ['b.socket'], 'default_target': 'multi-user.target'}"),
        new Case(
            "systemd, spelt as before",
            "org.osbuild.systemd",
            Stages.systemd()
                .enable("ssh.service", "getty@ttyS0.service")
                .disable("a.timer")
                .mask("b.socket")
                .defaultTarget("multi-user.target"),
            "{'enabled_services': ['ssh.service', 'getty@ttyS0.service'], 'disabled_services': ['a.timer'],"
                + " 'masked_services': ['b.socket'], 'default_target': 'multi-user.target'}"),
        new Case(
            "kernel-cmdline",
            "org.osbuild.kernel-cmdline",
            Stages.kernelCmdline(UUID, "ro quiet"),
            "{'root_fs_uuid': '" + UUID + "', 'kernel_opts': 'ro quiet'}"),
        new Case(
            "kernel-cmdline, root only",
            "org.osbuild.kernel-cmdline",
            Stages.kernelCmdline(UUID, null),
            "{'root_fs_uuid': '" + UUID + "'}"),
        new Case(
            "kernel-cmdline, options only",
            "org.osbuild.kernel-cmdline",
            Stages.kernelCmdline(null, "console=ttyS0"),
            "{'kernel_opts': 'console=ttyS0'}"),
        new Case(
            "mkdir",
            "org.osbuild.mkdir",
            Stages.mkdir()
                .addDirectory(
                    Directory.of("/srv/data").withMode(0750).withParents(true).withExistOk(true))
                .addDirectory(Directory.of("/opt/app")),
            "{'paths': [{'path': '/srv/data', 'mode': 488, 'parents': true, 'exist_ok': true}, {'path': '/opt/app'}]}"),
        new Case(
            "mkdir, spelt as before",
            "org.osbuild.mkdir",
            Stages.mkdir().path("/srv/data", 0750, true, false),
            "{'paths': [{'path': '/srv/data', 'mode': 488, 'parents': true, 'exist_ok': false}]}"),
        new Case(
            "chmod",
            "org.osbuild.chmod",
            Stages.chmod().withItem("/usr/bin/x", "u+x").withItem("/etc", "0755", true),
            "{'items': {'/usr/bin/x': {'mode': 'u+x'}, '/etc': {'mode': '0755', 'recursive': true}}}"),
        new Case(
            "chmod, spelt as before",
            "org.osbuild.chmod",
            Stages.chmod().item("/usr/bin/x", "u+x", false),
            "{'items': {'/usr/bin/x': {'mode': 'u+x', 'recursive': false}}}"),
        new Case(
            "copy",
            "org.osbuild.copy",
            Stages.copy()
                .addFile(InlineFile.text("/etc/motd", "hello\n"))
                .addFile(
                    InlineFile.bytes(
                            "/usr/local/bin/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8))
                        .withMode(0755)
                        .withOwner(1000, 1001))
                .addFile(InlineFile.base64("/srv/a", "YQ==").withUid(7).withGid(8)),
            "{'files': [{'path': '/etc/motd', 'content': 'hello\\n'},"
                + " {'path': '/usr/local/bin/tool', 'content_base64': 'IyEvYmluL3NoCg==', 'mode': 493, 'uid': 1000, 'gid': 1001},"
                + " {'path': '/srv/a', 'content_base64': 'YQ==', 'uid': 7, 'gid': 8}]}"),
        new Case(
            "copy, spelt as before",
            "org.osbuild.copy",
            Stages.copy()
                .text("/etc/motd", "hi", 0644)
                .text("/srv/x", "x", 0600, 1000, 1000)
                .bytes("/bin/x", new byte[] {1}, 0755),
            "{'files': [{'path': '/etc/motd', 'content': 'hi', 'mode': 420},"
                + " {'path': '/srv/x', 'content': 'x', 'mode': 384, 'uid': 1000, 'gid': 1000},"
                + " {'path': '/bin/x', 'content_base64': 'AQ==', 'mode': 493}]}"),
        new Case(
            "grub2", "org.osbuild.grub2", Stages.grub2(UUID), "{'root_fs_uuid': '" + UUID + "'}"),
        new Case(
            "grub2 with every option",
            "org.osbuild.grub2",
            Stages.grub2(UUID).withKernelOpts("quiet").withTimeout(1).withSerialConsole(true),
            "{'root_fs_uuid': '"
                + UUID
                + "', 'kernel_opts': 'quiet', 'timeout': 1, 'serial_console': true}"),
        new Case(
            "grub2, spelt as before",
            "org.osbuild.grub2",
            Stages.grub2(UUID).kernelOpts("quiet").timeout(0).serialConsole(),
            "{'root_fs_uuid': '"
                + UUID
                + "', 'kernel_opts': 'quiet', 'timeout': 0, 'serial_console': true}"),
        new Case(
            "mmdebstrap",
            "org.osbuild.mmdebstrap",
            Stages.mmdebstrap("bookworm"),
            "{'suite': 'bookworm'}"),
        new Case(
            "mmdebstrap with every option",
            "org.osbuild.mmdebstrap",
            Stages.mmdebstrap("bookworm")
                .withVariant(Variant.MINBASE)
                .withComponents("main", "contrib")
                .withInclude("grub-pc-bin")
                .addInclude("e2fsprogs")
                .withMirror("http://mirror.example.org/debian")
                .withArchitecture("amd64")
                .withAptopt("Acquire::Retries \"3\"")
                .withDpkgopt("path-exclude=/usr/share/man/*")
                .withRefreshPackageLists(true)
                .withKeyring("/usr/share/keyrings/debian-archive-keyring.gpg")
                .withInitramfs("list", List.of("virtio_pci", "virtio_blk", "ext4"), "ext4"),
            "{'suite': 'bookworm', 'variant': 'minbase', 'components': ['main', 'contrib'],"
                + " 'include': ['grub-pc-bin', 'e2fsprogs'], 'mirror': 'http://mirror.example.org/debian',"
                + " 'architecture': 'amd64', 'aptopt': ['Acquire::Retries \\'3\\''],"
                + " 'dpkgopt': ['path-exclude=/usr/share/man/*'], 'refresh_package_lists': true,"
                + " 'keyring': ['/usr/share/keyrings/debian-archive-keyring.gpg'],"
                + " 'initramfs': {'modules': 'list', 'include': ['virtio_pci', 'virtio_blk', 'ext4'],"
                + " 'fstype': 'ext4'}}"),
        new Case("apt, nothing", "org.osbuild.apt", Stages.apt(), "{}"),
        new Case(
            "apt",
            "org.osbuild.apt",
            Stages.apt("openssh-server", "curl"),
            "{'packages': ['openssh-server', 'curl']}"),
        new Case(
            "apt with every option",
            "org.osbuild.apt",
            Stages.apt("openssh-server")
                .addPackages("curl")
                .withRemove("nano")
                .withInstallRecommends(true)
                .withUpdate(false),
            "{'packages': ['openssh-server', 'curl'], 'remove': ['nano'], 'install_recommends': true, 'update': false}"),
        new Case(
            "dnf, the seed's base sample",
            "org.osbuild.dnf",
            Stages.dnf("30", "@Core", "grub2-pc")
                .withRepo(
                    "fedora",
                    orderedMap(
                        "name", "Fedora",
                        "metalink", "https://mirrors.example.org/metalink?repo=fedora-$releasever",
                        "gpgkey", "file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever")),
            "{'releasever': '30', 'repos': {'fedora': {'name': 'Fedora',"
                + " 'metalink': 'https://mirrors.example.org/metalink?repo=fedora-$releasever',"
                + " 'gpgkey': 'file:///etc/pki/rpm-gpg/RPM-GPG-KEY-fedora-$releasever'}},"
                + " 'packages': ['@Core', 'grub2-pc']}"),
        new Case(
            "dnf with every option",
            "org.osbuild.dnf",
            Stages.dnf("1", "hello")
                .withRepo("local", orderedMap("baseurl", "http://127.0.0.1/", "gpgcheck", true))
                .addPackages("hello-lib")
                .withBasearch("x86_64")
                .withOperation("install")
                .withVerbosity("warn")
                .withDbpath("/var/lib/rpm")
                .withRefreshMetadata(true),
            "{'releasever': '1', 'repos': {'local': {'baseurl': 'http://127.0.0.1/', 'gpgcheck': true}},"
                + " 'packages': ['hello', 'hello-lib'], 'basearch': 'x86_64', 'operation': 'install',"
                + " 'verbosity': 'warn', 'dbpath': '/var/lib/rpm', 'refresh_metadata': true}"),
        new Case(
            "yum, through dnf",
            "org.osbuild.yum",
            Stages.yum("30", "@Core")
                .withRepo("fedora", orderedMap("baseurl", "http://127.0.0.1/fedora/"))
                .withBasearch("x86_64")
                .withOperation("install")
                .withVerbosity("info")
                .withDbpath("/var/lib/rpm")
                .withRefreshMetadata(false),
            "{'releasever': '30', 'repos': {'fedora': {'baseurl': 'http://127.0.0.1/fedora/'}},"
                + " 'packages': ['@Core'], 'basearch': 'x86_64', 'operation': 'install',"
                + " 'verbosity': 'info', 'dbpath': '/var/lib/rpm', 'refresh_metadata': false}"),
        new Case(
            "remove-uniqueness", "org.osbuild.remove-uniqueness", Stages.removeUniqueness(), "{}"),
        new Case(
            "ansible, the playbook as YAML text",
            "org.osbuild.ansible",
            Stages.ansible("- hosts: all\n  tasks:\n    - ping:\n"),
            "{'playbook': '- hosts: all\\n  tasks:\\n    - ping:\\n'}"),
        new Case(
            "ansible, the playbook as JSON",
            "org.osbuild.ansible",
            Stages.ansible(
                Json.mapper()
                    .createArrayNode()
                    .add(
                        Json.object()
                            .put("hosts", "all")
                            .set(
                                "tasks",
                                Json.mapper()
                                    .createArrayNode()
                                    .add(Json.object().putNull("ping"))))),
            "{'playbook': [{'hosts': 'all', 'tasks': [{'ping': null}]}]}"),
        new Case(
            "selinux, as the seed's sample",
            "org.osbuild.selinux",
            Stages.selinux("etc/selinux/targeted/contexts/files/file_contexts"),
            "{'file_contexts': 'etc/selinux/targeted/contexts/files/file_contexts'}"));
  }

  /** Keys and values in pairs, kept in their order. */
  private static java.util.Map<String, Object> orderedMap(Object... pairs) {
    java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) map.put((String) pairs[i], pairs[i + 1]);
    return map;
  }
}
