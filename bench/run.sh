#!/usr/bin/env bash
# Runs one benchmark and prints its figures: bench/run.sh calendar|retention|scheduler|storage|metrics|backup|worker|sync [args]
# Builds first when the bench module is missing. Results go to docs/benchmarks.md by hand, with the machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
[ -f bench/target/ironcore-bench-0.1.0-SNAPSHOT.jar ] || mvn -B -q -DskipTests package
name="${1:?usage: bench/run.sh calendar|retention|scheduler|storage|metrics|backup|worker|sync [args]}"; shift
case "$name" in
  calendar)  main=io.ironcore.bench.CalendarBench ;;
  retention) main=io.ironcore.bench.RetentionBench ;;
  scheduler) main=io.ironcore.bench.SchedulerBench ;;
  storage)   main=io.ironcore.bench.StorageBench ;;
  metrics)   main=io.ironcore.bench.MetricsBench ;;
  backup)    exec bench/backup.sh "$@" ;;
  sync)      exec bench/sync.sh "$@" ;;
  worker)
    # the backup-worker's JVM settings (deploy/local ServiceApp): serial collector, 384 MiB heap
    exec java -Xms64m -Xmx384m -XX:+UseSerialGC -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
      -cp "bench/target/ironcore-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" io.ironcore.bench.WorkerBench "$@" ;;
  *) echo "unknown benchmark $name" >&2; exit 2 ;;
esac
exec java -Xmx${BENCH_XMX:-2g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dironcore.repo.root="$root" \
  -cp "bench/target/ironcore-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" "$main" "$@"
