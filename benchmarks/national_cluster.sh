#!/bin/bash
# The national re-rank on a real Dask cluster: a scheduler and N worker processes on this box, the driver
# beside them, resident memory of all of them sampled every 2 s. Figures in README ("On a real Dask cluster").
#
#   benchmarks/national_cluster.sh DB_FILE OUT_DIR [WORKERS]
#
# DB_FILE: a national set (scripts/generate_national.py --fraction 1 --load sqlite:///DIR/national.db --bulk),
# re-ranked in place. To rank every list in full again on a copy, mark them stale first:
#   sqlite3 DB_FILE "update shortlist set input_hash='stale' where status='READY'; delete from shortliststate"
set -u
DB=$(realpath "$1"); OUT=$(realpath -m "$2"); WORKERS=${3:-2}
mkdir -p "$OUT"; cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
$PY -m service.jobs.distributed --workers "$WORKERS" > "$OUT/cluster.txt" 2>&1 &
CLUSTER=$!
for _ in $(seq 1 90); do grep -q "tcp://" "$OUT/cluster.txt" && break; sleep 1; done
ADDRESS=$(grep -o "tcp://[0-9.:]*" "$OUT/cluster.txt" | head -1)
[ -n "$ADDRESS" ] || { echo "the cluster did not start: see $OUT/cluster.txt" >&2; kill $CLUSTER; exit 2; }
PIDS=$(pgrep -d, -P $CLUSTER)
( while kill -0 $CLUSTER 2>/dev/null; do
    DRIVER=$(pgrep -d, -f "service.jobs.rerank --database-url sqlite:///$DB")
    echo "$(date +%s) $(ps -o rss= -p "$PIDS${DRIVER:+,$DRIVER}" | awk '{s+=$1} END {print s/1024}')"
    sleep 2
  done ) > "$OUT/rss_mib.txt" &
START=$(date +%s.%N)
$PY -m service.jobs.rerank --database-url "sqlite:///$DB" --scheduler "$ADDRESS" --progress none > "$OUT/rerank.txt" 2>&1
RC=$?
END=$(date +%s.%N)
kill $CLUSTER; wait $CLUSTER 2>/dev/null; sleep 2
echo "rc $RC, wall $(echo "$END - $START" | bc) s, peak resident memory summed over driver, scheduler and workers $(sort -n -k2 "$OUT/rss_mib.txt" | tail -1 | cut -d' ' -f2) MiB" | tee "$OUT/summary.txt"
tail -1 "$OUT/rerank.txt"
exit $RC
