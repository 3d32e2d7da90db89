# Shared by the benchmark scripts (sourced): the options --size-mib N, --repeat N and --keep, log lines, dropping
# the page cache before a timed run (when root may), and medians.
#   bench_options NAME DEFAULT_REPEAT HELP_LINES "$@"   sets size_mib, repeat and keep, or exits
bench_options() {
  local name=$1 help=$3
  size_mib=2048
  repeat=$2
  keep=0
  shift 3
  while [ $# -gt 0 ]; do
    case "$1" in
      --size-mib) size_mib="${2:?--size-mib needs a value}"; shift 2 ;;
      --repeat) repeat="${2:?--repeat needs a value}"; shift 2 ;;
      --keep) keep=1; shift ;;
      -h|--help) sed -n "$help" "$0"; exit 0 ;;
      *) echo "$name: unknown argument $1" >&2; exit 2 ;;
    esac
  done
  case "$size_mib" in ''|*[!0-9]*) echo "$name: --size-mib must be a number" >&2; exit 2 ;; esac
  case "$repeat" in ''|*[!0-9]*|0) echo "$name: --repeat must be a positive number" >&2; exit 2 ;; esac
  if [ $((size_mib % 4)) -ne 0 ] || [ "$size_mib" -lt 4 ]; then
    echo "$name: --size-mib must be a positive multiple of 4" >&2; exit 2
  fi
}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

drop_caches_ok=no
if (sync && echo 3 > /proc/sys/vm/drop_caches) 2>/dev/null; then drop_caches_ok=yes; fi
drop_caches() {
  sync
  if [ "$drop_caches_ok" = yes ]; then echo 3 > /proc/sys/vm/drop_caches; fi
}

# median: the median of the numbers on standard input, one per line
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
