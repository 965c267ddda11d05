#!/usr/bin/env bash
# The real-Slurm test of `nndf sweep --slurm` (npm run test:slurm): starts a
# one-node cluster (cluster.sh), writes a 12-point sweep's job array of 4
# shards, submits it and its merge, waits, and checks that the merged lines
# are the lines of the same sweep run locally. Skips, saying why, where Slurm
# cannot be installed or started; the cluster is stopped whatever happens.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
nndf=$root/build/native/nndf
timeout_s=${NNDF_SLURM_TEST_TIMEOUT:-300}
t0=$SECONDS

say() { echo "test:slurm: $*"; }
skip() {
    say "SKIPPED: $*"
    exit 0
}
fail() {
    say "FAILED: $*"
    exit 1
}

[[ -x $nndf ]] || fail "$nndf is not built (npm run build:native)"
[[ $(id -u) -eq 0 ]] || skip "the Slurm daemons start as root and this is not root"
bash "$root/scripts/bootstrap.sh" --slurm >/dev/null 2>&1 ||
    skip "the Debian packages slurm-wlm and munge could not be installed"

work=$(mktemp -d /tmp/nndf-slurm-test.XXXXXX)
export NNDF_SLURM_DIR=$work/cluster
cluster=$root/tests/slurm/cluster.sh
cleanup() {
    "$cluster" stop || true
    rm -rf "$work"
}
trap cleanup EXIT

t=$SECONDS
"$cluster" start || skip "the one-node Slurm cluster did not start (see above)"
say "cluster up in $((SECONDS - t)) s"
eval "$("$cluster" env)"

# 12 points: a global buffer too small for any schedule (status no-dataflow)
# and three that fit, at three batch sizes; 4 shards of 3 points.
cat >"$work/sweep.json" <<'EOF'
{
  "version": 1,
  "base": {"network": "mlp_s", "batch": 16, "nodes": [1, 1], "array": [16, 16],
           "regf": 512, "gbuf": 65536, "solve_loopblocking": true},
  "axes": [
    {"path": "gbuf", "values": [64, 8192, 32768, 131072]},
    {"path": "batch", "values": [1, 4, 16]}
  ]
}
EOF

# From another directory and a relative DIR: the scripts must not depend on
# the cwd they were written or submitted from.
(cd "$work" && "$nndf" sweep sweep.json --slurm run --shards 4 --throttle 2) ||
    fail "nndf sweep --slurm"
for f in array.sbatch merge.sbatch submit.sh; do
    [[ -f $work/run/$f ]] || fail "--slurm wrote no $f"
done

t=$SECONDS
submitted=$(cd / && bash "$work/run/submit.sh") || fail "submit.sh: $submitted"
echo "$submitted"
array=$(sed -n 's/^array job \([0-9]*\).*/\1/p' <<<"$submitted")
merge=$(sed -n 's/^merge job \([0-9]*\).*/\1/p' <<<"$submitted")
[[ -n $array && -n $merge ]] || fail "submit.sh printed no job ids"

# Done when neither job is queued or running any more.
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do
    if ((SECONDS - t > timeout_s)); then
        squeue
        fail "the jobs did not finish in ${timeout_s}s"
    fi
    # A failed shard leaves the merge waiting for ever (afterok).
    if squeue -h -j "$merge" -o %r 2>/dev/null | grep -q DependencyNeverSatisfied; then
        scancel "$merge" || true
        tail -n 20 "$work"/run/logs/* >&2 || true
        fail "a shard failed, so the merge never runs (logs above)"
    fi
    sleep 1
done
say "array job and merge done in $((SECONDS - t)) s"
if [[ ! -s $work/run/sweep.jsonl ]]; then
    tail -n 20 "$work"/run/logs/* >&2 || true
    fail "the merge wrote no $work/run/sweep.jsonl"
fi
for i in 1 2 3 4; do
    [[ -s $work/run/logs/shard-$i.log ]] || fail "no log of shard $i"
    [[ -s $work/run/part-$i.jsonl ]] || fail "no part $i"
done

wait_jobs() { # JOBID...: until none is queued or running
    local t=$SECONDS
    while squeue -h -j "$(
        IFS=,
        echo "$*"
    )" 2>/dev/null | grep -q .; do
        ((SECONDS - t <= timeout_s)) || fail "jobs $* did not finish in ${timeout_s}s"
        sleep 1
    done
}
same_as_local() { # WHAT
    if ! diff "$work/local.jsonl" "$work/run/sweep.jsonl" >"$work/diff"; then
        head -n 20 "$work/diff"
        fail "$1 differs from the local run"
    fi
}

"$nndf" sweep "$work/sweep.json" -p 2 --out "$work/local.jsonl" || fail "the local sweep"
points=$(wc -l <"$work/local.jsonl")
[[ $points -eq 12 ]] || fail "the local sweep has $points lines, not 12"
same_as_local "the merged Slurm output"

# The recovery docs/sweep-slurm.md gives for a lost task: shard 2 keeps one
# line and half of the next, as if killed while writing; resubmitting only
# that task resumes it, and the merge run again gives the same sweep.
part=$work/run/part-2.jsonl
{ head -n 1 "$part" && sed -n 2p "$part" | head -c 40; } >"$work/cut" && mv "$work/cut" "$part"
rm "$work/run/sweep.jsonl"
t=$SECONDS
rerun=$(sbatch --parsable --array=2 "$work/run/array.sbatch") || fail "resubmitting shard 2"
wait_jobs "${rerun%%;*}"
merged=$(sbatch --parsable "$work/run/merge.sbatch") || fail "resubmitting the merge"
wait_jobs "${merged%%;*}"
say "shard 2 resumed and merged again in $((SECONDS - t)) s"
grep -q 'attempt' <(sed -n '2,$p' "$work/run/logs/shard-2.log") ||
    fail "the log of shard 2 lost its first attempt"
same_as_local "the output after resuming shard 2"
say "ok: $points lines from 4 Slurm array tasks equal the local run (whole test $((SECONDS - t0)) s)"
