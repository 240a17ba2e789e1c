#!/bin/bash
# reference-image.sh WORKDIR OUTPUT.qcow2 [PACKAGE_CACHE_DIR]
#
# The benchmark's floor: builds the image of osbuild-examples/samples/debian-bookworm-qcow2.json
# with the same tools and options our Java build drives (mmdebstrap, the tree's own usermod,
# locale-gen and systemctl, sfdisk, mke2fs -d, grub-mkimage, qemu-img), as plain shell, so that
# our build's time can be compared with the least that doing the same work takes.
#
#   WORKDIR            scratch directory (tree, raw disk); must not exist or be empty; removed at
#                      the end, also on failure
#   OUTPUT.qcow2       the image written
#   PACKAGE_CACHE_DIR  optional: a directory with archives/ (.deb files) and lists/<key>/ (apt lists),
#                      laid out as our store's debian-packages cache, fed to mmdebstrap with the
#                      hooks our mmdebstrap stage uses; like our stage, it keeps what mmdebstrap
#                      downloaded there afterwards (point it at a copy to keep the original as it is)
#
# Must run as root (mmdebstrap --mode=root, chroot). Nothing is mounted by the script itself and no
# loop device is used: mmdebstrap's own mounts live in a private mount namespace that ends with it.
# Each step prints "<epoch seconds> step <name>" on stderr; "step cleanup" (removing WORKDIR) and
# "step done" come last.
#
# SOURCE_DATE_EPOCH: like our launcher, unset by default; when set in the environment, the script
# does what our build does with it (passes it on, clamps the tree's times after the commands that
# stamp files, fakes mke2fs's clock and fixes the filesystem's inode times with debugfs).

set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 WORKDIR OUTPUT.qcow2 [PACKAGE_CACHE_DIR]" >&2
  exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$0: must run as root (mmdebstrap --mode=root, chroot)" >&2
  exit 2
fi

# --- The manifest's options -------------------------------------------------------------------
SUITE=bookworm
VARIANT=minbase
INCLUDE=linux-image-amd64,systemd-sysv,udev,e2fsprogs,locales
ROOT_PASSWORD='$6$osbuildjava$c1tmKVxuIb3bCqDvyJ9l6Yaj.NZ1AMSbjwUNI1ap16K3//p2Kv0D6q9E1zFFdqsyYkGVvJcmXjU8tGf/Mflge.'
HOSTNAME_=osbuild-demo
LANGUAGE_=en_US.UTF-8
ZONE=UTC
ROOT_UUID=6e4ff95f-f662-45ee-a82a-bdf44a2d0b75
DEFAULT_TARGET=multi-user.target
GRUB_TIMEOUT=1
SIZE=$((2 * 1024 * 1024 * 1024))   # "2G": powers of 1024, as qemu-img reads it

# Our sandbox runs commands with this base environment; set it here too, and drop locale overrides.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root
unset LC_ALL LANGUAGE
umask 022
if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  SOURCE_DATE_EPOCH=$((10#${SOURCE_DATE_EPOCH//[[:space:]]/}))
  export SOURCE_DATE_EPOCH
else
  unset SOURCE_DATE_EPOCH
fi

WORKDIR=$1
OUTPUT=$2
CACHE=${3:-}

step() { echo "${EPOCHREALTIME} step $1" >&2; }

# --- Work directory, and leaving nothing behind -----------------------------------------------
if [ -e "$WORKDIR" ] && [ -n "$(ls -A "$WORKDIR")" ]; then
  echo "$0: $WORKDIR exists and is not empty" >&2
  exit 2
fi
mkdir -p "$WORKDIR" "$(dirname "$OUTPUT")"
WORKDIR=$(cd "$WORKDIR" && pwd)
TREE=$WORKDIR/tree
RAW=$WORKDIR/disk.raw
finished=no
cleanup() {
  # Timed apart ("step cleanup" to "step done"): our build keeps its tree in the store instead.
  step cleanup
  # --one-file-system: should anything still be mounted in the tree, never delete through it.
  rm -rf --one-file-system "$WORKDIR"
  if [ "$finished" != yes ]; then rm -f "$OUTPUT"; fi
  step done
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# In the tree, as our stages run the image's programs: chrooted, LC_ALL=C.UTF-8.
in_tree() { LC_ALL=C.UTF-8 chroot "$TREE" "$@"; }

# With SOURCE_DATE_EPOCH: the modification times our build stamps or clamps (no-ops without it).
stamp() { [ -z "${SOURCE_DATE_EPOCH:-}" ] || touch -h -m -d "@$SOURCE_DATE_EPOCH" "${@/#/$TREE}"; }
clamp_tree() {
  [ -n "${SOURCE_DATE_EPOCH:-}" ] || return 0
  find "$TREE" \( -type f -o -type d -o -type l \) -newermt "@$SOURCE_DATE_EPOCH" \
    -exec touch -h -m -d "@$SOURCE_DATE_EPOCH" {} +
}

# --- The mirror: as DebianMirror finds it ------------------------------------------------------
# OSBUILD_DEBIAN_MIRROR, else the first Debian archive (a URI ending in /debian) of a full suite in
# sources.list.d/*.sources (deb822), then sources.list, then sources.list.d/*.list.
mirror_from_deb822() {
  awk '
    function partial(s) { return s ~ /-security$/ || s ~ /-updates$/ || s ~ /-backports$/ || s ~ /\/updates/ }
    function archive(u,  t) { t = u; sub(/\/$/, "", t); return t ~ /^(https?:\/\/|file:\/)/ && t ~ /\/debian$/ }
    function stanza(   n, i, w, full, deb) {
      if (tolower(f["enabled"]) == "no") return
      n = split(f["types"], w, /[[:space:]]+/); deb = 0
      for (i = 1; i <= n; i++) if (w[i] == "deb") deb = 1
      if (!deb) return
      n = split(f["suites"], w, /[[:space:]]+/); full = (n == 0)
      for (i = 1; i <= n; i++) if (!partial(w[i])) full = 1
      if (!full) return
      n = split(f["uris"], w, /[[:space:]]+/)
      for (i = 1; i <= n; i++) if (archive(w[i])) { print w[i]; found = 1; exit }
    }
    /^[[:space:]]*$/ { stanza(); split("", f); last = ""; next }
    /^#/ { next }
    /^[[:space:]]/ { if (last != "") { x = $0; gsub(/^[[:space:]]+|[[:space:]]+$/, "", x); f[last] = f[last] " " x }; next }
    index($0, ":") > 0 {
      last = tolower(substr($0, 1, index($0, ":") - 1)); gsub(/^[[:space:]]+|[[:space:]]+$/, "", last)
      v = substr($0, index($0, ":") + 1); gsub(/^[[:space:]]+|[[:space:]]+$/, "", v); f[last] = v
    }
    END { if (!found) stanza() }' "$1"
}
mirror_from_one_line() {
  sed -e 's/#.*//' -e 's/\[[^]]*\]/ /g' "$1" | awk '
    $1 == "deb" && NF >= 3 && $3 !~ /(-security|-updates|-backports)$/ && $3 !~ /\/updates/ {
      t = $2; sub(/\/$/, "", t)
      if (t ~ /^(https?:\/\/|file:\/)/ && t ~ /\/debian$/) { print $2; exit }
    }'
}
find_mirror() {
  local f uri
  if [ -n "${OSBUILD_DEBIAN_MIRROR:-}" ] && [ -n "${OSBUILD_DEBIAN_MIRROR//[[:space:]]/}" ]; then
    echo "$OSBUILD_DEBIAN_MIRROR" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'
    return
  fi
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && uri=$(mirror_from_deb822 "$f") && [ -n "$uri" ] && { echo "$uri"; return; }
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] && uri=$(mirror_from_one_line "$f") && [ -n "$uri" ] && { echo "$uri"; return; }
  done
  echo "$0: no Debian mirror in the host's apt sources; set OSBUILD_DEBIAN_MIRROR" >&2
  return 1
}

# --- Identifiers derived from the root UUID, as DiskIdentity does (RFC 4122 version 5) ----------
uuid5() {
  local ns=${1//-/} h
  h=$({ printf "$(sed 's/../\\x&/g' <<<"$ns")"; printf '%s' "$2"; } | sha1sum | cut -c1-32)
  h=${h:0:12}5${h:13:3}$(printf '%x' $(( (0x${h:16:1} & 0x3) | 0x8 )))${h:17}
  echo "${h:0:8}-${h:8:4}-${h:12:4}-${h:16:4}-${h:20:12}"
}

# ==============================================================================================
step mmdebstrap
MIRROR=$(find_mirror)
q() { printf '%q' "$1"; }
hooks=()
if [ -n "$CACHE" ]; then
  CACHE=$(cd "$CACHE" && pwd)
  # The lists of one mirror, suite, component set and architecture: PackageCache.listsKey.
  key=$(printf '%s\n%s\n%s\n%s' "$MIRROR" "$SUITE" "" native | sha256sum | cut -c1-16)
  archives=$CACHE/archives
  lists=$CACHE/lists/$key
  hooks+=(--skip=essential/unlink
    "--setup-hook=mkdir -p \"\$1\"/var/cache/apt/archives/partial \"\$1\"/var/lib/apt/lists/partial $(q "$archives") $(q "$lists")"
    "--setup-hook=sync-in $(q "$archives") /var/cache/apt/archives")
  # Complete lists kept: install from them rather than fetching new ones (refresh_package_lists off).
  if [ -e "$lists/.complete" ]; then
    hooks+=(--skip=update "--setup-hook=sync-in $(q "$lists") /var/lib/apt/lists")
  fi
  kept="$(q "$archives")/\"\${deb##*/}\""
  hooks+=("--customize-hook=for deb in \"\$1\"/var/cache/apt/archives/*.deb; do [ -f \"\$deb\" ] && [ ! -e $kept ] || continue; cp \"\$deb\" $kept.part && mv $kept.part $kept || exit 1; done"
    "--customize-hook=sync-out /var/lib/apt/lists $(q "$lists")"
    "--customize-hook=touch $(q "$lists/.complete")"
    "--customize-hook=rm -f \"\$1\"/var/cache/apt/archives/*.deb \"\$1\"/var/cache/apt/archives/*.part \"\$1\"/var/lib/apt/lists/.complete")
fi
# A private mount namespace, as our sandbox gives it: mmdebstrap's mounts in the tree cannot
# outlive it, even if it is killed.
# INITRD=No and the last hook: each kernel's initramfs is made once, after every package is in
# place, rather than by the kernel's postinst and again by initramfs-tools' trigger.
DEBIAN_FRONTEND=noninteractive INITRD=No unshare --mount --propagation private \
  mmdebstrap --mode=root --verbose --variant="$VARIANT" --include="$INCLUDE" \
  '--customize-hook=rm -f "$1/etc/resolv.conf" "$1/etc/hostname"' \
  '--customize-hook=chroot "$1" /bin/sh -c '\''command -v linux-version >/dev/null || exit 0; for v in $(linux-version list); do [ -e /boot/initrd.img-$v ] && continue; if command -v update-initramfs >/dev/null; then update-initramfs -c -k "$v"; elif command -v dracut >/dev/null; then dracut --force --kver "$v" /boot/initrd.img-$v; fi || exit 1; done'\''' \
  "${hooks[@]}" "$SUITE" "$TREE" "$MIRROR"
clamp_tree

step users
# root exists: our users stage changes it with usermod.
in_tree usermod --password "$ROOT_PASSWORD" root
clamp_tree

step hostname
printf '%s\n' "$HOSTNAME_" >"$TREE/etc/hostname"
stamp /etc/hostname /etc

step locale
printf 'LANG=%s\n' "$LANGUAGE_" >"$TREE/etc/locale.conf"
printf 'LANG=%s\n' "$LANGUAGE_" >"$TREE/etc/default/locale"
stamp /etc/locale.conf /etc /etc/default/locale /etc/default
# Enable the locale in locale.gen (uncomment its first commented line), then generate it.
sed -i -E "0,/^[[:space:]]*#[[:space:]]*(${LANGUAGE_//./\\.}[[:space:]]+[^[:space:]]+)[[:space:]]*\$/s//\\1/" \
  "$TREE/etc/locale.gen"
# Not listed at all: append its line from the list of supported locales, as our stage does.
grep -q "^${LANGUAGE_//./\\.} " "$TREE/etc/locale.gen" ||
  grep -m1 "^${LANGUAGE_//./\\.} " "$TREE/usr/share/i18n/SUPPORTED" >>"$TREE/etc/locale.gen"
stamp /etc/locale.gen /etc
in_tree locale-gen
clamp_tree

step timezone
ln -sfn "../usr/share/zoneinfo/$ZONE" "$TREE/etc/localtime"
printf '%s\n' "$ZONE" >"$TREE/etc/timezone"
stamp /etc/localtime /etc /etc/timezone

step fstab
printf '# written by org.osbuild.fstab\nUUID=%s / ext4 errors=remount-ro 0 1\n' "$ROOT_UUID" >"$TREE/etc/fstab"
stamp /etc/fstab /etc

step grub2
# The newest kernel, comparing versions as versions.
KVER=$(cd "$TREE/boot" && ls -d vmlinuz-?* | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
[ -n "$KVER" ]
KOPTS="console=tty0 console=ttyS0,115200"
SERIAL="serial --unit=0 --speed=115200"
INITRD=
[ -f "$TREE/boot/initrd.img-$KVER" ] && INITRD="  initrd /boot/initrd.img-$KVER"$'\n'
mkdir -p "$TREE/boot/grub"
cat >"$TREE/boot/grub/grub.cfg" <<EOF
# written by org.osbuild.grub2
set default=0
set timeout=$GRUB_TIMEOUT
$SERIAL
terminal_input serial console
terminal_output serial console
insmod part_msdos
insmod part_gpt
insmod ext2
search --no-floppy --fs-uuid --set=root $ROOT_UUID
menuentry 'Debian GNU/Linux, with Linux $KVER' {
  linux /boot/vmlinuz-$KVER root=UUID=$ROOT_UUID ro $KOPTS
${INITRD}}
EOF
# The same settings in /etc/default/grub, replacing assignments already there (the tree has no
# GRUB package, so normally there are none and the file is new).
set_var() {
  if grep -qE "^[[:space:]]*(export[[:space:]]+)?$1=" "$2" 2>/dev/null; then
    sed -i -E "s|^[[:space:]]*(export[[:space:]]+)?$1=.*|$1=\"$3\"|" "$2"
  else
    printf '%s="%s"\n' "$1" "$3" >>"$2"
  fi
}
for kv in "GRUB_DEFAULT=0" "GRUB_TIMEOUT=$GRUB_TIMEOUT" "GRUB_CMDLINE_LINUX=$KOPTS" \
  "GRUB_TERMINAL=serial console" "GRUB_SERIAL_COMMAND=$SERIAL"; do
  set_var "${kv%%=*}" "$TREE/etc/default/grub" "${kv#*=}"
done
stamp /boot/grub/grub.cfg /boot/grub /boot /etc/default/grub /etc/default

step systemd
in_tree systemctl set-default "$DEFAULT_TARGET"
clamp_tree

# --- Assembler: MBR disk, one ext4 root partition from 1 MiB, GRUB for BIOS -------------------
step sfdisk
SECTORS=$((SIZE / 512))
START=2048
PART_SECTORS=$((SECTORS - START))
truncate -s "$SIZE" "$RAW"   # sparse: mke2fs then writes only what holds data
MBR_ID=$(uuid5 "$ROOT_UUID" mbr-disk-id | cut -c1-8)
[ "$MBR_ID" != 00000000 ] || MBR_ID=00000001
sfdisk --quiet --no-reread --no-tell-kernel "$RAW" <<EOF
label: dos
label-id: 0x$MBR_ID
unit: sectors

start=$START, size=$PART_SECTORS, type=83, bootable
EOF

step mke2fs
# No size check with du first, as our assembler makes for its message: mke2fs fails by itself
# ("Could not allocate") when the tree does not fit.
fake_time=()
[ -z "${SOURCE_DATE_EPOCH:-}" ] || fake_time=(env "E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH")
"${fake_time[@]}" mke2fs -t ext4 -q -F -b 4096 -I 256 -i 16384 -U "$ROOT_UUID" \
  -E "hash_seed=$(uuid5 "$ROOT_UUID" ext4-hash-seed),offset=$((START * 512)),assume_storage_prezeroed=1" \
  -d "$TREE" "$RAW" $((PART_SECTORS * 512 / 4096))

if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
  step ext4-times
  # As Ext4Timestamps: every inode the tree filled (11.. the last used, contiguous) and the root
  # get access and change times of the epoch; later modification times are clamped, by path.
  FS="$RAW?offset=$((START * 512))"
  sb=$(dumpe2fs -h "$FS" 2>/dev/null)
  total=$(sed -n 's/^Inode count: *//p' <<<"$sb")
  free=$(sed -n 's/^Free inodes: *//p' <<<"$sb")
  used=$((total - free))
  ffi=$(debugfs -R ffi "$FS" 2>&1 | sed -n 's/^Free inode found: *//p')
  [ "${ffi:-none}" = $((used + 1)) ] || { [ -z "$ffi" ] && [ "$used" = "$total" ]; }
  cmds=$WORKDIR/debugfs-times
  for ino in 2 $(seq 11 "$used"); do
    printf 'sif <%s> atime @%s\nsif <%s> ctime @%s\n' "$ino" "$SOURCE_DATE_EPOCH" "$ino" "$SOURCE_DATE_EPOCH"
  done >"$cmds"
  (cd "$TREE" && find . -newermt "@$SOURCE_DATE_EPOCH" -printf '%P\n' |
    sed 's/"/""/g; s|.*|sif "/&" mtime @'"$SOURCE_DATE_EPOCH"'|') >>"$cmds"
  out=$(debugfs -w -f "$cmds" "$FS" 2>&1 | grep -v '^debugfs' || true)
  [ -z "$out" ] || { printf '%s\n' "$out" | head -20 >&2; exit 1; }
fi

step grub
# GRUB without grub-install: a core image with the modules to find the root by UUID and read its
# /boot/grub/grub.cfg, in the gap after the MBR (sector 1, where GRUB's tools put it).
GRUBDIR=/usr/lib/grub/i386-pc
printf 'search --no-floppy --fs-uuid --set=root %s\nset prefix=($root)/boot/grub\n' "$ROOT_UUID" \
  >"$WORKDIR/grub-early.cfg"
grub-mkimage -O i386-pc -d "$GRUBDIR" -o "$WORKDIR/core.img" -c "$WORKDIR/grub-early.cfg" -p /boot/grub \
  biosdisk part_msdos part_gpt ext2 search search_fs_uuid search_label search_fs_file \
  normal configfile linux gzio echo test true sleep minicmd cat ls halt \
  reboot serial terminal loadenv probe regexp all_video gfxterm font keystatus
core_sectors=$(( ($(stat -c %s "$WORKDIR/core.img") + 511) / 512 ))
[ "$core_sectors" -le $((START - 1)) ]
# boot.img and core.img as built already point at sector 1 and 2 (GRUB's defaults), which is where
# they go here; the one change grub-bios-setup makes for a hard disk is the drive check at 0x66
# (a jump, eb) becoming two nops, so a BIOS passing a bad drive number is corrected to 0x80.
[ "$(od -An -tx1 -j $((0x66)) -N1 "$GRUBDIR/boot.img" | tr -d ' ')" = eb ]
dd if="$GRUBDIR/boot.img" of="$RAW" bs=440 count=1 conv=notrunc status=none
printf '\x90\x90' | dd of="$RAW" bs=1 seek=$((0x66)) conv=notrunc status=none
dd if="$WORKDIR/core.img" of="$RAW" bs=512 seek=1 conv=notrunc status=none

step qemu-img
qemu-img convert -f raw -O qcow2 "$RAW" "$OUTPUT"

finished=yes   # the trap removes WORKDIR and prints the last markers
