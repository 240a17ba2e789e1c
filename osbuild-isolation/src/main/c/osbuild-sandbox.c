/*
 * osbuild-sandbox: starts one command of a sandbox, as root of a user namespace of its own.
 *
 * The JVM cannot make a user namespace (the kernel refuses CLONE_NEWUSER to a multithreaded
 * process), and util-linux's unshare needs newuidmap and /etc/subuid entries to map more than one
 * id. This program does the few steps in between, started by the sandbox thread as host root from
 * inside the sandbox's mount namespace:
 *
 *   1. a writer child stays behind in the host's user namespace, while this process unshares a
 *      user, mount, pid and cgroup namespace; the writer then maps ids 0..COUNT-1 of the new
 *      namespace to BASE..BASE+COUNT-1 of the host (root in the sandbox is not root on the host),
 *      which a process inside the new namespace could not write for itself;
 *   2. this process becomes uid 0 of its namespace and forks pid 1 of the new pid namespace, whose
 *      exit status it passes on; both die when their parent does (PR_SET_PDEATHSIG);
 *   3. pid 1 mounts /proc for its pid namespace, puts read-only binds over /proc/sys and the other
 *      kernel knobs, bind-mounts the root onto itself and enters it with pivot_root, detaching the
 *      old root so that no path leads back to the host's;
 *   4. it drops every capability outside the keep mask from the bounding set, clears ambient and
 *      inheritable capabilities, sets no_new_privs and executes the command.
 *
 * Every mount the sandbox thread made is locked in the new mount namespace: it cannot be remounted
 * read-write or unmounted to reveal what lies below, and the capabilities of the new user namespace
 * reach only what that namespace owns.
 *
 * With "--map host" (the trusted profile that mounts block devices, which no kernel allows in a
 * user namespace other than the host's) step 1 makes no user namespace: the command stays the
 * host's root, in mount, pid and cgroup namespaces of its own, and its /proc shows processes only
 * (subset=pid: no /proc/sys or other kernel knobs at all, since a read-only bind would not hold
 * against the host's root).
 *
 * usage: osbuild-sandbox --root DIR --wd DIR --map BASE:COUNT|host --keep-caps HEX -- ARGV...
 *        osbuild-sandbox --hold-userns BASE:COUNT
 * The second form makes a mapped user namespace, prints "ready", and waits until its standard input
 * closes: the JVM opens /proc/PID/ns/user meanwhile, to id-map mounts with it.
 *
 * Errors are printed as "osbuild-sandbox: STEP: REASON" and end with exit status 125 (setup) or 127
 * (the command could not be executed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <linux/capability.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXIT_SETUP 125
#define EXIT_EXEC 127

/* Kernel knobs that stay visible in /proc but must not be written through it. */
static const char *const READ_ONLY_PROC[] = {
    "proc/sys", "proc/sysrq-trigger", "proc/irq", "proc/bus", "proc/fs", NULL};

static void fail(const char *step, ...) {
  int saved = errno;
  va_list args;
  va_start(args, step);
  fputs("osbuild-sandbox: ", stderr);
  vfprintf(stderr, step, args);
  va_end(args);
  fprintf(stderr, ": %s\n", strerror(saved));
  _exit(EXIT_SETUP);
}

static void write_file(const char *path, const char *content) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) fail("open %s", path);
  size_t length = strlen(content);
  if (write(fd, content, length) != (ssize_t)length) fail("write %s", path);
  close(fd);
}

static void parse_map(const char *text, unsigned long *base, unsigned long *count) {
  char *end;
  errno = 0;
  *base = strtoul(text, &end, 10);
  if (errno || *end != ':') goto bad;
  *count = strtoul(end + 1, &end, 10);
  if (errno || *end || *count == 0) goto bad;
  return;
bad:
  errno = EINVAL;
  fail("--map wants BASE:COUNT, not '%s'", text);
}

/*
 * Unshares a user namespace (with `more` namespaces) and has a writer child, still in the host's
 * user namespace, map it: uid and gid 0..count-1 inside are base..base+count-1 outside.
 */
static void enter_mapped_user_namespace(int more, unsigned long base, unsigned long count) {
  int go[2];
  if (pipe2(go, O_CLOEXEC) < 0) fail("pipe");
  pid_t self = getpid();
  pid_t writer = fork();
  if (writer < 0) fail("fork");
  if (writer == 0) {
    close(go[1]);
    char byte;
    if (read(go[0], &byte, 1) != 1) _exit(EXIT_SETUP); /* the parent failed, and said why */
    char path[64], map[64];
    snprintf(map, sizeof map, "0 %lu %lu\n", base, count);
    snprintf(path, sizeof path, "/proc/%d/uid_map", (int)self);
    write_file(path, map);
    snprintf(path, sizeof path, "/proc/%d/gid_map", (int)self);
    write_file(path, map);
    _exit(0);
  }
  close(go[0]);
  if (unshare(CLONE_NEWUSER | more) < 0) fail("unshare");
  if (write(go[1], "x", 1) != 1) fail("wake the id map writer");
  close(go[1]);
  int status;
  if (waitpid(writer, &status, 0) < 0) fail("wait for the id map writer");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    errno = EPERM;
    fail("map ids 0..%lu to %lu..", count - 1, base);
  }
  if (setgroups(0, NULL) < 0) fail("setgroups");
  if (setresgid(0, 0, 0) < 0) fail("setresgid");
  if (setresuid(0, 0, 0) < 0) fail("setresuid");
}

static void bind_read_only(const char *path) {
  if (access(path, F_OK) < 0) return; /* not every kernel has every knob */
  if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0) fail("bind %s", path);
  if (mount(NULL, path, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0) {
    fail("make %s read-only", path);
  }
}

/* In pid 1's own mount namespace: /proc, the read-only knobs, then pivot_root into root. */
static void enter_root(const char *root, int host_ids) {
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) fail("make mounts private");
  /* pivot_root refuses a mount inherited (locked) from a more privileged namespace: a bind of
     the root onto itself, made here, is ours. */
  if (mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0) fail("bind %s onto itself", root);
  if (chdir(root) < 0) fail("chdir %s", root);
  if (mount("proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, host_ids ? "subset=pid" : NULL) < 0) {
    fail("mount /proc");
  }
  for (const char *const *knob = READ_ONLY_PROC; *knob; knob++) bind_read_only(*knob);
  if (syscall(SYS_pivot_root, ".", ".") < 0) fail("pivot_root %s", root);
  if (umount2(".", MNT_DETACH) < 0) fail("detach the old root");
  if (chdir("/") < 0) fail("chdir /");
}

static void limit_privileges(uint64_t keep) {
  int last = CAP_LAST_CAP;
  FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
  if (f) {
    if (fscanf(f, "%d", &last) != 1) last = CAP_LAST_CAP;
    fclose(f);
  }
  for (int cap = 0; cap <= last; cap++) {
    if (cap < 64 && (keep & (UINT64_C(1) << cap))) continue;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) fail("drop capability %d", cap);
  }
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) fail("clear ambient capabilities");
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  if (syscall(SYS_capget, &header, data) < 0) fail("capget");
  for (int i = 0; i < 2; i++) {
    uint32_t kept = (uint32_t)(keep >> (32 * i));
    data[i].effective &= kept;
    data[i].permitted &= kept;
    data[i].inheritable = 0;
  }
  if (syscall(SYS_capset, &header, data) < 0) fail("capset");
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) fail("set no_new_privs");
}

/*
 * "No such file or directory" for a file that is there means its #! interpreter is missing from
 * the root: say which, since that is what the person must install.
 */
static void explain_exec_failure(const char *program, int error) {
  char line[256] = "";
  if (error == ENOENT && strchr(program, '/') && access(program, F_OK) == 0) {
    FILE *script = fopen(program, "re");
    if (script) {
      if (!fgets(line, sizeof line, script)) line[0] = '\0';
      fclose(script);
    }
  }
  if (strncmp(line, "#!", 2) == 0) {
    char *interpreter = line + 2;
    while (*interpreter == ' ' || *interpreter == '\t') interpreter++;
    interpreter[strcspn(interpreter, " \t\r\n")] = '\0';
    fprintf(stderr, "osbuild-sandbox: cannot run %s: its interpreter %s (from its #! line) is not in "
            "the build root\n", program, interpreter);
  } else {
    fprintf(stderr, "osbuild-sandbox: cannot run %s: %s\n", program, strerror(error));
  }
}

static void die_with_parent(void) {
  if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0) fail("set the parent death signal");
}

static int hold_user_namespace(const char *map) {
  unsigned long base, count;
  parse_map(map, &base, &count);
  enter_mapped_user_namespace(0, base, count);
  puts("ready");
  fflush(stdout);
  char buffer[64];
  while (read(STDIN_FILENO, buffer, sizeof buffer) > 0) {
  }
  return 0;
}

static int run_command(const char *root, const char *wd, const char *map, uint64_t keep, char **argv) {
  int host_ids = !strcmp(map, "host");
  pid_t parent = getppid();
  if (host_ids) {
    if (unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWCGROUP) < 0) fail("unshare");
  } else {
    unsigned long base, count;
    parse_map(map, &base, &count);
    enter_mapped_user_namespace(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWCGROUP, base, count);
  }
  /* Only now: the kernel forgets the parent death signal whenever the credentials change. */
  die_with_parent();
  if (getppid() != parent) _exit(EXIT_SETUP); /* the sandbox thread is gone already */
  int alive[2];
  if (pipe2(alive, O_CLOEXEC) < 0) fail("pipe");
  pid_t child = fork();
  if (child < 0) fail("fork pid 1");
  if (child == 0) {
    die_with_parent();
    /* Its parent is outside its pid namespace, so getppid() says nothing: the pipe tells whether
       the parent died before the death signal was armed (then every write end is closed). */
    close(alive[1]);
    struct pollfd check = {alive[0], POLLIN, 0};
    if (poll(&check, 1, 0) < 0 || (check.revents & POLLHUP)) _exit(EXIT_SETUP);
    enter_root(root, host_ids);
    if (chdir(wd) < 0) fail("chdir %s", wd);
    limit_privileges(keep);
    execvp(argv[0], argv);
    explain_exec_failure(argv[0], errno);
    _exit(EXIT_EXEC);
  }
  close(alive[0]);
  int status;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR) fail("wait for the command");
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

int main(int argc, char **argv) {
  const char *root = NULL, *wd = "/", *map = NULL;
  uint64_t keep = 0;
  int i = 1;
  for (; i < argc; i++) {
    if (!strcmp(argv[i], "--")) {
      i++;
      break;
    }
    if (i + 1 >= argc) {
      errno = EINVAL;
      fail("%s needs a value", argv[i]);
    }
    if (!strcmp(argv[i], "--hold-userns")) return hold_user_namespace(argv[i + 1]);
    if (!strcmp(argv[i], "--root")) root = argv[++i];
    else if (!strcmp(argv[i], "--wd")) wd = argv[++i];
    else if (!strcmp(argv[i], "--map")) map = argv[++i];
    else if (!strcmp(argv[i], "--keep-caps")) keep = strtoull(argv[++i], NULL, 16);
    else {
      errno = EINVAL;
      fail("unknown option %s", argv[i]);
    }
  }
  if (!root || !map || i >= argc) {
    errno = EINVAL;
    fail("usage: --root DIR --wd DIR --map BASE:COUNT --keep-caps HEX -- ARGV...");
  }
  return run_command(root, wd, map, keep, argv + i);
}
