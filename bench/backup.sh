#!/usr/bin/env bash
# The backup benchmark (issue 5): our engine (`ironcore-backup backup`, with fsync = the default, and --no-fsync)
# against borg and restic, in one run, on the same data: a generated raw disk image (default 2 GiB: about 30% zeros,
# 40% random, 30% text-like, in 4 MiB-aligned regions) and a copy of it in which 1% of the 4 MiB blocks changed.
#
# Per tool: first backup (time, MB/s of the image), second backup of the changed copy (time, bytes added to the
# repository = du -sb of the repository after minus before), peak RSS and CPU cores used ((user+sys)/wall) from
# /usr/bin/time -v. The page cache is dropped before every timed run when possible, so every tool reads from disk.
#
#   bench/backup.sh [--size-mib N] [--repeat N] [--keep]
#
#   --size-mib N  image size (default 2048; multiple of 4)
#   --repeat N    run every tool N times, each into a fresh repository, and report the median of each figure
#   --keep        keep the scratch directory (data, repositories, logs)
#
# IRONCORE_BENCH_CLI=PATH runs another ironcore-backup launcher (e.g. an older build, to compare before/after).
# Scratch space (about 3 x the image size plus three repositories) comes from mktemp -d in the system temp directory
# (TMPDIR). Needs root to drop the page cache and to install missing tools (apt-get: borgbackup, restic, time).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

. bench/common.sh
bench_options bench/backup.sh 1 2,18p "$@"

# ------------------------------------------------------------------ tools
need_install=()
command -v borg >/dev/null 2>&1 || need_install+=(borgbackup)
command -v restic >/dev/null 2>&1 || need_install+=(restic)
[ -x /usr/bin/time ] || need_install+=(time)
if [ ${#need_install[@]} -gt 0 ]; then
  log "installing ${need_install[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_install[@]}" >/dev/null \
      || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_install[@]}" >/dev/null; }
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y "${need_install[@]}" >/dev/null
  fi
fi
if [ ! -f cli/target/ironcore-backup.jar ]; then
  log "building the CLI"
  mvn -B -q -DskipTests install -pl libs/datastore,cli -am >&2
fi

# ------------------------------------------------------------------ scratch and data
scratch="$(mktemp -d -t ironcore-backup-bench.XXXXXX)"
cleanup() {
  if [ "$keep" -eq 1 ]; then log "kept $scratch"; else rm -rf "$scratch"; fi
}
trap cleanup EXIT
mkdir -p "$scratch/data" "$scratch/src" "$scratch/logs"
log "generating ${size_mib} MiB of data in $scratch/data"
data_line="$(java -Xmx256m bench/src/main/java/io/ironcore/bench/BackupBenchData.java "$scratch/data" "$size_mib" 1)"
log "$data_line"
image_bytes=$((size_mib * 1024 * 1024))

repo_bytes() { if [ -e "$1" ]; then du -sb "$1" | cut -f1; else echo 0; fi; }

# The image is backed up as $scratch/src/disk.img: a hard link to the base image for the first backup and to the
# changed copy for the second (same path, new inode and mtime: like a VM disk that changed, every tool re-reads it).
use_image() { ln -f "$scratch/data/$1" "$scratch/src/disk.img"; }

export BORG_BASE_DIR="$scratch/borg-home" BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK=yes \
  BORG_RELOCATED_REPO_ACCESS_IS_OK=yes
export RESTIC_PASSWORD=ironcore-bench RESTIC_CACHE_DIR="$scratch/restic-cache"

results="$scratch/results.tsv"
: > "$results"

# measure TOOL PHASE RUN REPO CMD... : one timed run, cold page cache; appends a line to $results
measure() {
  local tool=$1 phase=$2 run=$3 repo=$4
  shift 4
  local logf="$scratch/logs/$tool-$phase-$run.log" timef="$scratch/logs/$tool-$phase-$run.time"
  drop_caches
  local before after t0 t1
  before=$(repo_bytes "$repo")
  t0=$(date +%s%N)
  if ! (cd "$scratch/src" && /usr/bin/time -v -o "$timef" "$@") >"$logf" 2>&1; then
    log "$tool $phase failed:"; tail -n 20 "$logf" >&2; exit 1
  fi
  t1=$(date +%s%N)
  after=$(repo_bytes "$repo")
  local user sys rss engine
  # ironcore's JSON output has the engine's own time: the run as the long-running backup-worker does it, without
  # the JVM start of a command-line process
  engine=$(grep -o '"seconds" : [0-9.]*' "$logf" | awk '{print $3}' | tail -n 1 || true)
  user=$(awk -F': ' '/User time \(seconds\)/{print $2}' "$timef")
  sys=$(awk -F': ' '/System time \(seconds\)/{print $2}' "$timef")
  rss=$(awk -F': ' '/Maximum resident set size/{print $2}' "$timef")
  awk -v t="$tool" -v p="$phase" -v r="$run" -v ns=$((t1 - t0)) -v u="$user" -v s="$sys" -v rss="$rss" \
    -v b="$before" -v a="$after" -v e="${engine:-0}" 'BEGIN {
      wall = ns / 1e9
      printf "%s\t%s\t%s\t%.3f\t%.2f\t%.2f\t%d\t%d\t%d\t%.3f\n", t, p, r, wall, u, s, rss, b, a, e }' >> "$results"
  log "$(printf '%-20s %-6s run %s: %6.2f s, user %s s, sys %s s, peak RSS %s KiB, repository %s -> %s bytes' \
    "$tool" "$phase" "$run" "$(awk -v ns=$((t1 - t0)) 'BEGIN{printf "%.2f", ns/1e9}')" "$user" "$sys" "$rss" \
    "$before" "$after")"
}

ironcore=("${IRONCORE_BENCH_CLI:-$root/ironcore-backup}")
tools=(borg restic ironcore-fsync ironcore-nofsync ironcore-bitmap)
# ironcore-bitmap: the second backup gets the changed 4 MiB blocks as a dirty bitmap (--dirty-ranges), the way a
# hypervisor that tracks writes (QEMU's dirty bitmaps, for Proxmox Backup Server) hands them over
dirty_ranges="$scratch/dirty-ranges.txt"
echo "$data_line" | grep -o '\[[^]]*\]' | tr -d '[]' | tr ',' '\n' | cut -d: -f1 \
  | awk '{ printf "%d %d\n", $1 * 4194304, 4194304 }' > "$dirty_ranges"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq 1 "$repeat"); do
  # the tools take turns in an order that rotates from round to round, so that no tool always runs right after the
  # same one (a virtual disk may still be busy with the previous tool's gigabyte of writes)
  for t in $(seq 0 $((${#tools[@]} - 1))); do
    tool="${tools[$(( (t + run - 1) % ${#tools[@]} ))]}"
    repo="$scratch/repo-$tool"
    rm -rf "$repo" "$BORG_BASE_DIR" "$RESTIC_CACHE_DIR"
    case "$tool" in
      borg)
        borg init --encryption=none "$repo" >"$scratch/logs/borg-init-$run.log" 2>&1
        use_image base.img
        measure "$tool" first "$run" "$repo" borg create --chunker-params fixed,4194304 "$repo::first" disk.img
        use_image changed.img
        measure "$tool" second "$run" "$repo" borg create --chunker-params fixed,4194304 "$repo::second" disk.img
        ;;
      restic)
        restic init --repo "$repo" >"$scratch/logs/restic-init-$run.log" 2>&1
        use_image base.img
        measure "$tool" first "$run" "$repo" restic --repo "$repo" backup --host bench disk.img
        use_image changed.img
        measure "$tool" second "$run" "$repo" restic --repo "$repo" backup --host bench disk.img
        ;;
      ironcore-fsync|ironcore-nofsync|ironcore-bitmap)
        flags=(--datastore "$repo" --id 12345 --image disk.img --output json)
        if [ "$tool" = ironcore-nofsync ]; then flags+=(--no-fsync); fi
        use_image base.img
        measure "$tool" first "$run" "$repo" "${ironcore[@]}" backup "${flags[@]}"
        if [ "$tool" = ironcore-bitmap ]; then
          first_snapshot=$(grep -o '"snapshot" : "[^"]*"' "$scratch/logs/$tool-first-$run.log" | cut -d'"' -f4)
          flags+=(--dirty-ranges "$dirty_ranges" --dirty-since "$first_snapshot")
        fi
        if [ "$tool" = ironcore-fsync ]; then floor_blocks=$(( ($(repo_bytes "$repo") + 4194303) / 4194304 )); fi
        use_image changed.img
        measure "$tool" second "$run" "$repo" "${ironcore[@]}" backup "${flags[@]}"
        ;;
    esac
    rm -rf "$repo"
  done
  # What the disk delivers in this round: dd reading the whole image (O_DIRECT, one 4 MiB request at a time) while
  # writing as many bytes as ironcore's first backup wrote (O_DIRECT, fsync), then reading the changed image alone.
  # A reference for the IO a backup cannot avoid; more requests in flight may get more out of a virtual disk (next).
  floor="$scratch/floor.bin"
  use_image base.img
  measure disk first "$run" "$floor" bash -c "dd if=disk.img of=/dev/null bs=4M iflag=direct 2>/dev/null &
    dd if=/dev/zero of='$floor' bs=4M count=$floor_blocks oflag=direct conv=fsync 2>/dev/null; wait"
  rm -f "$floor"
  # the same bytes with more requests in flight: 4 readers (a quarter of the image each) and 2 writers (half of the
  # bytes each), to show how much more the disk gives than with dd's one request at a time (here about 10%)
  q=$(( (image_bytes / 4194304 + 3) / 4 )); h=$(( (floor_blocks + 1) / 2 ))
  measure disk-parallel first "$run" "$floor" bash -c "for i in 0 1 2 3; do
      dd if=disk.img of=/dev/null bs=4M iflag=direct skip=\$((i * $q)) count=$q 2>/dev/null & done
    for i in 0 1; do dd if=/dev/zero of='$floor'.\$i bs=4M count=$h oflag=direct conv=fsync 2>/dev/null & done; wait"
  rm -f "$floor".0 "$floor".1
  use_image changed.img
  measure disk second "$run" "$floor" dd if=disk.img of=/dev/null bs=4M iflag=direct
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------ report
java_version="$(java -version 2>&1 | head -n 1)"
borg_version="$(borg --version 2>&1)"
restic_version="$(restic version 2>&1 | cut -d' ' -f1-2)"
cpu="$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo) x $(nproc)"
mem="$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
os="$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), kernel $(uname -r)"
fs="$(df -T "$scratch" | awk 'NR==2{print $2" on "$1}')"

echo
echo "## Backup benchmark: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "machine: $cpu, $mem, $os; $java_version; $borg_version; $restic_version"
echo "scratch: $scratch ($fs)"
echo "$data_line"
echo "page cache dropped before every timed run: $drop_caches_ok"
echo "load average before: $load_before, after: $load_after; runs per tool: $repeat (figures are medians)"
echo "borg: borg init --encryption=none; borg create --chunker-params fixed,4194304 (default compression lz4)"
echo "restic: restic init (repository v2, default compression auto); restic always encrypts (AES-256 + Poly1305),"
echo "        it cannot be turned off"
echo "ironcore: ironcore-backup backup --datastore DIR --id 12345 --image disk.img [--no-fsync] (zstd-1, SHA-256,"
echo "          no encryption; incremental second backup that re-reads the whole image, no dirty bitmap); ironcore,"
echo "          dirty bitmap: the second backup with --dirty-ranges FILE (the changed 4 MiB blocks) --dirty-since FIRST"
echo
awk -F'\t' -v img="$image_bytes" -v tools="${tools[*]}" '
  function median(key,   n, i, j, tmp, arr) {
    n = cnt[key]
    for (i = 1; i <= n; i++) arr[i] = vals[key, i]
    for (i = 2; i <= n; i++) { tmp = arr[i]; for (j = i - 1; j >= 1 && arr[j] > tmp; j--) arr[j + 1] = arr[j]; arr[j + 1] = tmp }
    return n % 2 ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2
  }
  function add(key, v) { cnt[key]++; vals[key, cnt[key]] = v }
  function mib(b) { return sprintf("%.1f MiB", b / 1048576) }
  function rat(x) { return sprintf("%.2f×", x) }
  {
    t = $1; p = $2
    add(t SUBSEP p SUBSEP "wall", $4)
    add(t SUBSEP p SUBSEP "cores", ($5 + $6) / $4)
    add(t SUBSEP p SUBSEP "rss", $7)
    add(t SUBSEP p SUBSEP "added", $9 - $8)
    add(t SUBSEP p SUBSEP "repo", $9)
    add(t SUBSEP p SUBSEP "engine", $10)
  }
  END {
    n = split(tools, T, " ")
    for (i = 1; i <= n; i++) {
      t = T[i]
      w1[t] = median(t SUBSEP "first" SUBSEP "wall"); w2[t] = median(t SUBSEP "second" SUBSEP "wall")
      mbs[t] = img / 1e6 / w1[t]
      repo1[t] = median(t SUBSEP "first" SUBSEP "repo"); add2[t] = median(t SUBSEP "second" SUBSEP "added")
      rss1[t] = median(t SUBSEP "first" SUBSEP "rss"); rss2[t] = median(t SUBSEP "second" SUBSEP "rss")
      c1[t] = median(t SUBSEP "first" SUBSEP "cores"); c2[t] = median(t SUBSEP "second" SUBSEP "cores")
    }
    name["borg"] = "borg 1.x (lz4, no encryption)"; name["restic"] = "restic (auto compression, encrypted)"
    name["ironcore-fsync"] = "**ironcore, fsync (default)**"; name["ironcore-nofsync"] = "ironcore, --no-fsync"
    name["ironcore-bitmap"] = "ironcore, fsync, dirty bitmap on the second"
    print "| tool | first backup | first MB/s | MB/s vs borg | repository after first | second backup | second: speed-up vs borg | bytes added by second | added vs borg | peak RSS first / second | CPU cores first / second |"
    print "|---|---|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++) {
      t = T[i]
      printf "| %s | %.2f s | %.0f | %s | %s | %.2f s | %s | %s | %s | %.0f / %.0f MiB | %.2f / %.2f |\n", name[t], w1[t],
        mbs[t], rat(mbs[t] / mbs["borg"]), mib(repo1[t]), w2[t], rat(w2["borg"] / w2[t]), mib(add2[t]),
        (add2["borg"] > 0 ? rat(add2[t] / add2["borg"]) : "-"), rss1[t] / 1024, rss2[t] / 1024, c1[t], c2[t]
    }
    print ""
    print "MB = 10^6 bytes; MB/s = image bytes / wall time of the whole command (process start included)."
    print "Speed-up vs borg = borg wall time / tool wall time (above 1 = faster than borg). Added vs borg = bytes added / borg bytes added (below 1 = fewer)."
    e1 = median("ironcore-fsync" SUBSEP "first" SUBSEP "engine"); e2 = median("ironcore-fsync" SUBSEP "second" SUBSEP "engine")
    print ""
    print "The backup-worker runs the same engine in a long-running process, without a JVM start per backup. Its run time,"
    print "the engine time that ironcore-backup backup --output json reports (fsync, the default):"
    printf "- first backup %.2f s = %.0f MB/s, %s borg'"'"'s throughput (goal ≥ 1.50×): %s\n", e1, img / 1e6 / e1,
      rat((img / 1e6 / e1) / mbs["borg"]), ((img / 1e6 / e1) / mbs["borg"] >= 1.5 ? "MET" : "MISSED")
    printf "- second backup %.2f s, speed-up vs borg %s (goal > 1.00×): %s\n", e2, rat(w2["borg"] / e2),
      (w2["borg"] / e2 > 1 ? "MET" : "MISSED")
    f1 = median("disk" SUBSEP "first" SUBSEP "wall"); f2 = median("disk" SUBSEP "second" SUBSEP "wall")
    print ""
    printf "The disk'"'"'s pace (dd with O_DIRECT, one 4 MiB request at a time each way, same disk, same rounds): reading the\n"
    printf "image while writing %s (what ironcore'"'"'s first backup writes) takes %.2f s; reading the changed image takes\n", mib(repo1["ironcore-fsync"]), f1
    printf "%.2f s. 1.5× borg'"'"'s first-backup throughput means %.2f s, %.2f× dd'"'"'s time. ironcore'"'"'s first backup takes\n", f2, w1["borg"] / 1.5, (w1["borg"] / 1.5) / f1
    printf "%.2f× dd'"'"'s time (engine alone %.2f×), its second %.2f×\n",
      w1["ironcore-fsync"] / f1, e1 / f1, w2["ironcore-fsync"] / f2
    printf "(engine alone %.2f×); borg'"'"'s %.2f× and %.2f×.\n", e2 / f2, w1["borg"] / f1, w2["borg"] / f2
    fp = median("disk-parallel" SUBSEP "first" SUBSEP "wall"); fb = (fp < f1 ? fp : f1)
    printf "With 4 reads and 2 writes in flight the same IO takes %.2f s. The IO alone, nothing hashed or compressed and no\n", fp
    printf "process started, the faster of the two (%.2f s), is %.2f× borg'"'"'s first-backup throughput: the most any tool that\n", fb, w1["borg"] / fb
    printf "reads this image and writes these bytes could reach on this disk in these rounds.\n"
    print ""
    print "Ratios to restic (same definitions):"
    for (i = 1; i <= n; i++) {
      t = T[i]; if (t == "restic") continue
      printf "- %s: first backup MB/s %s restic'"'"'s; second backup speed-up %s; bytes added %s restic'"'"'s\n", name[t],
        rat(mbs[t] / mbs["restic"]), rat(w2["restic"] / w2[t]), (add2["restic"] > 0 ? rat(add2[t] / add2["restic"]) : "-")
    }
    print ""
    print "Goals (against borg):"
    split("ironcore-fsync ironcore-nofsync", O, " ")
    for (k = 1; k <= 2; k++) {
      t = O[k]
      g1 = mbs[t] / mbs["borg"]; g2 = w2["borg"] / w2[t]; g3 = add2[t] - add2["borg"]
      printf "- %s: first backup throughput %s borg'"'"'s (goal ≥ 1.50×): %s; second backup speed-up vs borg %s (goal > 1.00×): %s; second backup adds %s, borg %s (goal ≤ borg): %s\n",
        name[t], rat(g1), (g1 >= 1.5 ? "MET" : "MISSED"), rat(g2), (g2 > 1 ? "MET" : "MISSED"), mib(add2[t]),
        mib(add2["borg"]), (g3 <= 0 ? "MET" : "MISSED")
    }
  }' "$results"
echo
echo "raw figures (tool, phase, run, wall s, user s, sys s, peak RSS KiB, repository bytes before, after, engine s):"
sed 's/^/    /' "$results"
