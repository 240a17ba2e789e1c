#!/bin/bash
# build.sh OUTPUT_DIR
#
# Builds osbuild-examples/samples/debian-bookworm-qcow2.json's image with mkosi 14 (the peer tool of
# the benchmark; `apt-get install mkosi`), from mkosi.conf and mkosi.finalize next to this script,
# and leaves it in OUTPUT_DIR/debian-bookworm.qcow2 (plus mkosi's manifest, .manifest).
#
# Environment:
#   MKOSI_CACHE_DIR    kept between runs (default /var/tmp/mkosi-bench-cache):
#                      packages/  mkosi's package cache (Cache=): the .deb files debootstrap and apt
#                                 fetched, bind-mounted on the tree's /var/cache/apt/archives
#                      incremental/  with MKOSI_INCREMENTAL=1 only: mkosi's cached disk image
#                                 taken after package installation (image.raw.cache-pre-inst)
#   MKOSI_INCREMENTAL  1: pass --incremental (reuses the cached installed image; stale if the
#                      configuration changes: remove incremental/ then)
#
# Runs as root. mkosi works in a scratch copy of the configuration (nothing is written into the
# repository), in a scratch directory under /var/tmp, removed at the end. Its mounts live in its
# own mount namespace; loop devices it attached are detached here should it fail or be killed.
# Every line of mkosi's output is prefixed on stderr with the time (seconds since the start);
# mkosi's own step lines start with "‣", the finalize script's with "mkosi.finalize:".
#
# Workarounds this kind of machine needs (no system bus, /run not a tmpfs, no vfat, no udev, no
# loop partition scanning): none at run time; the configuration avoids everything that would run
# systemd-nspawn (no scripts in the image, documentation kept) and the UEFI path (vfat), and mkosi
# 14 adds the loop partitions itself (BLKPG), which devtmpfs shows without udev.

set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTPUT_DIR" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$0: must run as root" >&2
  exit 2
fi
command -v mkosi >/dev/null || { echo "$0: mkosi not installed (apt-get install mkosi)" >&2; exit 2; }

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUTDIR=$1
CACHE=${MKOSI_CACHE_DIR:-/var/tmp/mkosi-bench-cache}
T0=$EPOCHREALTIME
ts() {   # seconds since the start, without a fork per line
  local d=$(( ${EPOCHREALTIME/./} - ${T0/./} ))
  printf '%5d.%02d' $((d / 1000000)) $((d % 1000000 / 10000))
}
phase() { echo "$(ts) build.sh: $*" >&2; }

# --- The mirror, from the host's apt sources (one-line and deb822 formats) ---------------------
apt_uris() {   # prints "URI SUITE" for every Debian source of the host
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -E 's/#.*//; s/\[[^]]*\]//' "$f" | awk '$1 == "deb" { print $2, $3 }'
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      { types = ""; uris = ""; suites = ""
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^[ \t]*#/) continue
          if ($i ~ /^Types:/) types = substr($i, 7)
          if ($i ~ /^URIs:/) uris = substr($i, 6)
          if ($i ~ /^Suites:/) suites = substr($i, 8)
        }
        if (types !~ /(^|[ \t])deb([ \t]|$)/) next
        n = split(uris, u, /[ \t]+/); m = split(suites, s, /[ \t]+/)
        for (a = 1; a <= n; a++) for (b = 1; b <= m; b++) if (u[a] != "" && s[b] != "") print u[a], s[b] }' "$f"
  done
}
MIRROR=$(apt_uris | awk '$2 == "bookworm" { print $1; exit }')
SECURITY=$(apt_uris | awk '$2 == "bookworm-security" { print $1; exit }')
if [ -z "$MIRROR" ]; then
  echo "$0: no Debian bookworm source in the host's apt sources" >&2
  exit 1
fi
MIRROR=${MIRROR%/}
SECURITY=${SECURITY%/}

# --- Scratch directory, and leaving nothing behind --------------------------------------------
mkdir -p "$OUTDIR" "$CACHE/packages"
OUTDIR=$(cd "$OUTDIR" && pwd)
SCRATCH=$(mktemp -d /var/tmp/mkosi-bench.XXXXXX)
MKOSI_PID=
cleanup() {
  local rc=$? l
  trap - EXIT INT TERM
  if [ -n "$MKOSI_PID" ] && kill -0 "$MKOSI_PID" 2>/dev/null; then
    kill -TERM "$MKOSI_PID" 2>/dev/null || true
    sleep 2
    kill -KILL "$MKOSI_PID" 2>/dev/null || true
  fi
  # Loop devices backed by files under the scratch or cache directories (mkosi's image, its
  # temporary copies), with the partitions mkosi added to them.
  for l in $(losetup -n -O NAME,BACK-FILE -l 2>/dev/null |
      awk -v a="$SCRATCH/" -v b="$CACHE/" 'index($2, a) == 1 || index($2, b) == 1 { print $1 }'); do
    echo "$0: detaching $l" >&2
    partx -d "$l" 2>/dev/null || true
    losetup -d "$l" || true
  done
  # Mounts: mkosi's are in its own namespace; should any have reached ours, lazily unmount them.
  findmnt -rn -o TARGET | awk -v a="$SCRATCH" 'index($0, a) == 1' | sort -r |
    while read -r m; do umount -l "$m" || true; done
  rm -rf --one-file-system "$SCRATCH"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

phase "scratch copy of the configuration in $SCRATCH"
CONF=$SCRATCH/conf
mkdir -p "$CONF" "$SCRATCH/workspace" "$SCRATCH/output"
cp "$HERE/mkosi.conf" "$HERE/mkosi.finalize" "$CONF/"
chmod +x "$CONF/mkosi.finalize"
# mkosi writes Debian's public security archive into the image for bookworm-security; point it
# at the host's security source instead (the skeleton's late copy comes after mkosi writes it).
if [ -n "$SECURITY" ]; then
  mkdir -p "$CONF/mkosi.skeleton/etc/apt/sources.list.d"
  printf 'deb %s bookworm-security main\n' "$SECURITY" \
    >"$CONF/mkosi.skeleton/etc/apt/sources.list.d/bookworm-security.list"
fi

args=(--directory="$CONF" --mirror="$MIRROR" --cache="$CACHE/packages"
      --workspace-dir="$SCRATCH/workspace" --force)
if [ "${MKOSI_INCREMENTAL:-0}" = 1 ]; then
  mkdir -p "$CACHE/incremental"
  # mkosi keeps the cache image next to its output: build there, move the result out.
  args+=(--incremental --output="$CACHE/incremental/image.qcow2")
  RESULT=$CACHE/incremental/image.qcow2
else
  args+=(--output="$SCRATCH/output/image.qcow2")
  RESULT=$SCRATCH/output/image.qcow2
fi

phase "mkosi ${args[*]} build"
# mkosi in the background, so that the trap can end it; its output time-stamped line by line.
exec 3> >(while IFS= read -r line; do printf '%s %s\n' "$(ts)" "$line"; done >&2)
TS_PID=$!
mkosi "${args[@]}" build >&3 2>&3 &
MKOSI_PID=$!
rc=0
wait "$MKOSI_PID" || rc=$?
MKOSI_PID=
exec 3>&-
wait "$TS_PID" 2>/dev/null || true
if [ "$rc" -ne 0 ]; then
  phase "mkosi failed (exit $rc)"
  exit "$rc"
fi

phase "moving the image to $OUTDIR"
mv -f "$RESULT" "$OUTDIR/debian-bookworm.qcow2"
[ ! -f "$RESULT.manifest" ] || mv -f "$RESULT.manifest" "$OUTDIR/debian-bookworm.manifest"
phase "done"
