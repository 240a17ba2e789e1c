/*
 * A hostile program for HostileStageTest, compiled statically so that it runs in trees that have no
 * shell, no python and no libraries. It never harms the machine even when the sandbox does
 * nothing: it writes only to paths the test made for it (a marker under a fresh temporary
 * directory, files in a sacrificial build root that it first proves to be that build root) and it
 * records what it tried, as key=value lines, into a file it opened before any attempt.
 *
 * Two modes:
 *
 *   hostile PID:SENTINEL:MARKER   run by org.osbuild.script's "#!/x PID:SENTINEL:MARKER" line,
 *                                 chrooted in the tree, which it first proves to be the tree (its
 *                                 /osbuildj-sacrificial holds SENTINEL): the chroot-in-chroot
 *                                 escape, then a marker write at the host path MARKER; results in
 *                                 /escape-result.txt of the tree.
 *   hostile < request             an external stage (the stage protocol on standard input), run in a
 *                                 build root the test built: store poisoning; results in
 *                                 <tree>/result.txt. Options: "sentinel" (the content the build
 *                                 root's /osbuildj-sacrificial must have) and "marker" (a unique
 *                                 name for the files it tries to create).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static FILE *out;

static void put(const char *key, const char *value) {
  fprintf(out, "%s=%s\n", key, value);
  fflush(out);
}

/* "ok", or the name of the errno of a failed call. */
static const char *outcome(int failed) {
  if (!failed) return "ok";
  const char *name = strerrorname_np(errno);
  return name ? name : "E?";
}

/* Reads a small file, NULs and newlines shown as spaces; the errno name when it cannot. */
static const char *slurp(const char *path, char *buffer, size_t size) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return outcome(1);
  ssize_t n = read(fd, buffer, size - 1);
  int saved = errno;
  close(fd);
  if (n < 0) {
    errno = saved;
    return outcome(1);
  }
  buffer[n] = 0;
  for (ssize_t i = 0; i < n; i++) {
    if (buffer[i] == 0 || buffer[i] == '\n') buffer[i] = ' ';
  }
  return buffer;
}

/* The sorted-as-found names of a directory, comma-separated; the errno name when it cannot. */
static const char *listing(const char *path, char *buffer, size_t size) {
  DIR *dir = opendir(path);
  if (!dir) return outcome(1);
  buffer[0] = 0;
  size_t used = 0;
  for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
    if (!strcmp(entry->d_name, ".") || !strcmp(entry->d_name, "..")) continue;
    int n = snprintf(buffer + used, size - used, "%s%s", used ? "," : "", entry->d_name);
    if (n < 0 || (size_t) n >= size - used) break;
    used += n;
  }
  closedir(dir);
  return buffer;
}

/* Creates a new file (never an existing one) and writes a line in it; the outcome. */
static const char *create(const char *path) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return outcome(1);
  ssize_t written = write(fd, "written by a hostile stage\n", 27);
  close(fd);
  return outcome(written < 0);
}

static int escape(const char *argument) {
  char pid[32], sentinel[128], buffer[4096], path[128];
  const char *colon = strchr(argument, ':');
  const char *second = colon ? strchr(colon + 1, ':') : NULL;
  if (!second) {
    puts("the argument is not PID:SENTINEL:MARKER");
    return 0;
  }
  snprintf(pid, sizeof pid, "%.*s", (int) (colon - argument), argument);
  snprintf(sentinel, sizeof sentinel, "%.*s", (int) (second - colon - 1), colon + 1);
  const char *marker = second + 1;
  /* Only in the tree: if the sandbox ran us in the host's / instead, write nothing at all. */
  if (strcmp(slurp("/osbuildj-sacrificial", buffer, sizeof buffer), sentinel) != 0) {
    puts("not in the sacrificial tree: nothing attempted");
    return 0;
  }
  /* Opened before the escape: whatever the root becomes, the results land in the tree. */
  out = fopen("/escape-result.txt", "we");
  if (!out) return 1;

  put("uid_map", slurp("/proc/self/uid_map", buffer, sizeof buffer));
  put("mkdir", outcome(mkdir("/escape-x", 0755) != 0));
  put("chroot_into_subdirectory", outcome(chroot("/escape-x") != 0));
  /* No chdir into the new root: the working directory stays outside it, so ".." climbs on. */
  int climbed = 0;
  for (int i = 0; i < 64; i++) climbed += chdir("..") == 0;
  snprintf(buffer, sizeof buffer, "%d", climbed);
  put("chdir_up", buffer);
  put("chroot_dot", outcome(chroot(".") != 0));
  put("marker_write", create(marker));
  put("root_listing", listing("/root", buffer, sizeof buffer));
  snprintf(path, sizeof path, "/proc/%s/cmdline", pid);
  put("jvm_cmdline", slurp(path, buffer, sizeof buffer));
  put("pid1_cmdline", slurp("/proc/1/cmdline", buffer, sizeof buffer));
  fclose(out);
  return 0;
}

/* The string value of "key" in a JSON text we know the shape of (no escapes in our values). */
static char *json_string(const char *json, const char *key) {
  char quoted[128];
  snprintf(quoted, sizeof quoted, "\"%s\"", key);
  const char *at = strstr(json, quoted);
  if (!at) return NULL;
  at += strlen(quoted);
  while (*at == ' ' || *at == '\n' || *at == '\t' || *at == '\r') at++;
  if (*at++ != ':') return NULL;
  while (*at == ' ' || *at == '\n' || *at == '\t' || *at == '\r') at++;
  if (*at++ != '"') return NULL;
  const char *end = strchr(at, '"');
  return end ? strndup(at, end - at) : NULL;
}

static int poison(void) {
  static char request[65536];
  size_t used = 0;
  for (ssize_t n; used < sizeof request - 1 && (n = read(0, request + used, sizeof request - 1 - used)) > 0;) {
    used += n;
  }
  request[used] = 0;
  char *tree = json_string(request, "tree");
  char *sentinel = json_string(request, "sentinel");
  char *marker = json_string(request, "marker");
  if (!tree || !sentinel || !marker) return 2;
  char path[4096], buffer[4096];
  snprintf(path, sizeof path, "%s/result.txt", tree);
  out = fopen(path, "we");
  if (!out) return 1;

  /* Only in the sacrificial build root: if the sandbox gave us the host's / instead, stop here. */
  const char *seen = slurp("/osbuildj-sacrificial", buffer, sizeof buffer);
  if (strcmp(seen, sentinel) != 0) {
    put("sentinel", "missing: not in the sacrificial build root, nothing attempted");
    fclose(out);
    return 0;
  }
  put("sentinel", "match");

  snprintf(path, sizeof path, "/%s-direct", marker);
  put("write_direct", create(path));
  int fd = open("/etc/os-name", O_WRONLY | O_APPEND | O_CLOEXEC);
  put("open_existing_for_writing", outcome(fd < 0));
  if (fd >= 0) {
    put("append_existing", outcome(write(fd, "poisoned\n", 9) < 0));
    close(fd);
  }

  /* mount -o remount,bind,rw / */
  put("remount_bind_rw", outcome(mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND, NULL) != 0));
  snprintf(path, sizeof path, "/%s-after-bind-remount", marker);
  put("write_after_bind_remount", create(path));

  /* mount -o remount,rw / */
  put("remount_rw", outcome(mount(NULL, "/", NULL, MS_REMOUNT, NULL) != 0));
  snprintf(path, sizeof path, "/%s-after-remount", marker);
  put("write_after_remount", create(path));
  snprintf(path, sizeof path, "/etc/%s-after-remount", marker);
  put("write_etc_after_remount", create(path));
  fclose(out);
  return 0;
}

int main(int argc, char **argv) {
  return argc > 1 ? escape(argv[1]) : poison();
}
