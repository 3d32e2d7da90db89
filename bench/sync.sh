#!/usr/bin/env bash
# The sync benchmark: `ironcore-backup sync` (the sync job's engine: only the chunks the target lacks, each decoded
# and checked against its digest on the way, O_DIRECT writes, fsync'd, manifest last) against `rsync -a` and
# `cp -a` + `sync` of the same datastore directory (what a borg or restic user does to get a repository to another
# site: a copy that checks nothing), in one run, on the same data:
#   first:  the first backup of the backup benchmark's image (a full), copied to an empty target;
#   second: the same datastore after a second full backup of the copy with 1% of its blocks changed (which shares
#           all other chunks, and touches them for GC), copied onto the first copy.
#
#   bench/sync.sh [--size-mib N] [--repeat N] [--keep]
#
# Figures: time (process start included) and MB/s of the datastore's bytes (du -sb), median of N rounds, the tools
# taking turns in an order that rotates from round to round; the page cache is dropped before every timed run when
# possible (root), so every tool reads from disk. Scratch space (about 4 x the image size) comes from mktemp -d (TMPDIR).
# Needs root to drop the page cache and to install rsync if missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. bench/common.sh
bench_options bench/sync.sh 3 2,16p "$@"
if ! command -v rsync >/dev/null 2>&1; then
  log "installing rsync"
  if [ "$(id -u)" -eq 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y rsync >/dev/null
  else sudo DEBIAN_FRONTEND=noninteractive apt-get install -y rsync >/dev/null; fi
fi
if [ ! -f cli/target/ironcore-backup.jar ]; then
  log "building the CLI"
  mvn -B -q -DskipTests install -pl libs/datastore,cli -am >&2
fi
ironcore="${IRONCORE_BENCH_CLI:-$root/ironcore-backup}"
scratch="$(mktemp -d -t ironcore-sync-bench.XXXXXX)"
cleanup() { if [ "$keep" -eq 1 ]; then log "kept $scratch"; else rm -rf "$scratch"; fi; }
trap cleanup EXIT
mkdir -p "$scratch/data"
log "generating ${size_mib} MiB of data in $scratch/data"
java -Xmx256m bench/src/main/java/io/ironcore/bench/BackupBenchData.java "$scratch/data" "$size_mib" 1 >/dev/null
"$ironcore" backup --datastore "$scratch/ds1" --id 12345 --image "$scratch/data/base.img" >/dev/null
cp -a "$scratch/ds1" "$scratch/ds2"
sleep 1 # the second snapshot gets a later time
"$ironcore" backup --datastore "$scratch/ds2" --id 12345 --mode full --image "$scratch/data/changed.img" >/dev/null
rm -f "$scratch/data/"*.img
ds1_bytes=$(du -sb "$scratch/ds1" | cut -f1)
ds2_bytes=$(du -sb "$scratch/ds2" | cut -f1)
log "datastore after the first backup: $ds1_bytes bytes; after the second: $ds2_bytes bytes"
results="$scratch/results.tsv"
: > "$results"
copy() { # TOOL FROM TO
  case "$1" in
    ironcore-sync) "$ironcore" sync --from "$2" --to "$3" >/dev/null ;;
    rsync) rsync -a "$2/" "$3/" && sync ;;
    cp-a) mkdir -p "$3" && cp -a "$2/." "$3/" && sync ;;
  esac
}
tools=(ironcore-sync rsync cp-a)
for run in $(seq 1 "$repeat"); do
  for t in $(seq 0 $((${#tools[@]} - 1))); do
    tool="${tools[$(( (t + run - 1) % ${#tools[@]} ))]}"
    target="$scratch/target-$tool"
    rm -rf "$target"
    for phase in first second; do
      from="$scratch/ds1"; [ "$phase" = second ] && from="$scratch/ds2"
      drop_caches
      t0=$(date +%s%N)
      copy "$tool" "$from" "$target"
      t1=$(date +%s%N)
      printf '%s\t%s\t%s\n' "$tool" "$phase" "$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }')" >> "$results"
      log "$(awk -v t="$tool" -v p="$phase" -v r="$run" -v ns=$((t1 - t0)) \
        'BEGIN { printf "%-14s %-6s run %s: %.2f s", t, p, r, ns / 1e9 }')"
    done
    rm -rf "$target"
  done
done
echo "sync of a ${size_mib} MiB image's datastore ($ds1_bytes bytes after the first backup, $ds2_bytes after the second), median of $repeat, page cache dropped: $drop_caches_ok"
printf '%-14s %10s %10s %12s\n' tool first "first MB/s" second
for tool in "${tools[@]}"; do
  for phase in first second; do
    awk -F'\t' -v t="$tool" -v p="$phase" '$1 == t && $2 == p { print $3 }' "$results" | median
  done | paste -sd' ' | awk -v t="$tool" -v b="$ds1_bytes" '{ printf "%-14s %8.2f s %10.0f %10.2f s\n", t, $1, b / $1 / 1e6, $2 }'
done
