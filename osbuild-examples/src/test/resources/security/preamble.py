#!/usr/bin/python3
# The common part of HostileStageTest's external stages: each test appends a main() that performs
# one attack and records what happened into RESULT, and the epilogue (epilogue.py) runs it and
# writes RESULT as JSON to <tree>/result.json through a file descriptor opened before the attack,
# so that the results land in the tree whatever the attack did to the stage's view of the world.
#
# Safety: an attack aims only at sacrificial targets the test made and named in the options. As a
# last guard against a sandbox that does nothing at all, the epilogue attempts nothing when the
# stage runs in the test JVM's own mount namespace (options.hostMountNamespace).
import ctypes
import errno
import json
import os
import platform
import signal
import stat
import subprocess
import sys

REQUEST = json.load(sys.stdin)
TREE = REQUEST["tree"]
OPTIONS = REQUEST["options"]
RESULT = {}
_RESULT_FD = os.open(os.path.join(TREE, "result.json"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)

LIBC = ctypes.CDLL("libc.so.6", use_errno=True)
LIBC.syscall.restype = ctypes.c_long
MS_RDONLY = 1
MS_REMOUNT = 32
MS_BIND = 4096
MNT_DETACH = 2
CLONE_NEWNS = 0x00020000
CLONE_NEWNET = 0x40000000
CAP_SYS_MODULE = 16


def outcome(action):
    """Runs action: "ok" when it succeeded, else the name of the errno it failed with."""
    try:
        action()
        return "ok"
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))


def check(returned):
    """A libc call's return value, or OSError with its errno when it says it failed."""
    if returned == -1:
        number = ctypes.get_errno()
        raise OSError(number, os.strerror(number))
    return returned


def _bytes(text):
    return None if text is None else os.fsencode(text)


def mount(source, target, fstype, flags, data=None):
    check(LIBC.mount(_bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags), _bytes(data)))


def umount(target, flags=0):
    check(LIBC.umount2(_bytes(target), flags))


def read_text(path):
    """A small file's text, NULs shown as spaces; the errno name when it cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))


def run(argv):
    """Runs a command: its exit status and output, for the record."""
    try:
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=20)
        return {"status": done.returncode, "output": done.stdout.decode("utf-8", "replace")}
    except (OSError, subprocess.TimeoutExpired) as e:
        return {"status": -1, "output": repr(e)}


def create(path):
    """Creates a new file (never an existing one) and writes a line in it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
    try:
        os.write(fd, b"written by a hostile stage\n")
    finally:
        os.close(fd)


def capabilities():
    """The capability sets of /proc/self/status, as hex strings by name (CapEff, CapBnd, ...)."""
    caps = {}
    for line in read_text("/proc/self/status").splitlines():
        if line.startswith("Cap"):
            name, value = line.split(":", 1)
            caps[name] = value.strip()
    return caps

