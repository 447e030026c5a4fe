#!/usr/bin/env bash
# The Slurm example, tested on a real Slurm: installs Debian's slurm-wlm and
# munge when missing, starts a single-node cluster on this machine (its own
# munge key and socket, a generated slurm.conf, slurmctld + slurmd on
# localhost, ports 16817/16818), submits examples/slurm/zhibiao-array.sbatch
# as a job array of 4 shards over the seeds and ../shared/corpus-dev plus the
# merge job (--dependency=afterok), waits for both, and checks the merged
# dataset equals a plain `zhibiao run` byte for byte. Stops the daemons it
# started. When Slurm cannot run here it says so and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$(date +%s)
fail() { echo "slurm-test: FAIL: $*" >&2; exit 1; }
bin="${CARGO_TARGET_DIR:-target}/release/zhibiao"
[ -x "$bin" ] || fail "no zhibiao binary at $bin (run cargo build --release first)"
bin=$(realpath "$bin")
# The seeds always; ../shared/corpus-dev too where the checkout has it beside it.
inputs="corpus"
if [ -d ../shared/corpus-dev ]; then
  inputs="corpus ../shared/corpus-dev"
else
  echo "slurm-test: ../shared/corpus-dev is absent: sharding the seeds alone"
fi

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
  echo "== installing slurm-wlm and munge (Debian packages)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null \
    || fail "cannot install slurm-wlm and munge"
fi
[ "$(id -u)" = 0 ] || fail "the single-node cluster runs its daemons as root; run as root"

work=$(mktemp -d /tmp/zhibiao-slurm.XXXXXX)
host=$(hostname -s)
pids=()
stop() {
  for p in "${pids[@]}"; do
    [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$work"
}
trap stop EXIT

echo "== munge (key and socket in $work)"
dd if=/dev/urandom of="$work/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge.key"
mkdir -p "$work/munge"
chmod 700 "$work/munge"
munged --force --key-file="$work/munge.key" --socket="$work/munge/munge.sock" \
  --pid-file="$work/munged.pid" --log-file="$work/munged.log" --seed-file="$work/munge.seed" \
  || fail "munged does not start: $(tail -3 "$work/munged.log" 2>/dev/null)"
pids+=("$work/munged.pid")

echo "== slurm.conf, slurmctld, slurmd"
cpus=$(nproc)
mem=$(awk '/MemTotal/ {print int($2 / 1024 / 2)}' /proc/meminfo)
mkdir -p "$work/state" "$work/spool"
cat > "$work/slurm.conf" <<CONF
ClusterName=zhibiao-test
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.sock
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -c -f "$SLURM_CONF" || fail "slurmctld does not start: $(tail -5 "$work/slurmctld.log" 2>/dev/null)"
pids+=("$work/slurmctld.pid")
slurmd -f "$SLURM_CONF" -N "$host" || fail "slurmd does not start: $(tail -5 "$work/slurmd.log" 2>/dev/null)"
pids+=("$work/slurmd.pid")
for _ in $(seq 60); do
  state=$(sinfo -h -n "$host" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 1
done
[ "$state" = idle ] || fail "the node is not idle after 60 s (state '$state'): $(tail -5 "$work/slurmd.log" "$work/slurmctld.log" 2>/dev/null)"

echo "== plain run"
out="$work/out"
mkdir -p "$out"
# shellcheck disable=SC2086
"$bin" run -q --input $inputs --output "$out/plain" || [ $? = 3 ] || fail "the plain run failed"

echo "== sbatch: array of 4 shards, then the merge (afterok)"
export ZHIBIAO="$bin" INPUTS="$inputs" PARTS="$out/parts" OUTPUT="$out/merged" SHARDS=4
jid=$(sbatch --parsable --chdir="$repo" --output="$work/array-%a.log" --array=0-3 examples/slurm/zhibiao-array.sbatch) \
  || fail "sbatch of the array refused"
mid=$(sbatch --parsable --chdir="$repo" --output="$work/merge.log" --dependency="afterok:$jid" \
  --export=ALL,STEP=merge examples/slurm/zhibiao-array.sbatch) || fail "sbatch of the merge refused"
echo "array job $jid, merge job $mid"
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$jid,$mid" 2>/dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h -j "$jid,$mid" 2>/dev/null)" ] || fail "jobs still queued after 600 s: $(squeue)"
mstate=$(scontrol show job "$mid" | grep -o 'JobState=[A-Z_]*' | head -1)
[ "$mstate" = JobState=COMPLETED ] || fail "merge job $mstate: $(cat "$work"/merge.log "$work"/array-*.log 2>/dev/null | tail -20)"

echo "== merged dataset = plain run, byte for byte"
diff -r "$out/plain" "$out/merged" >/dev/null || fail "the merged dataset differs from a plain run: $(diff -rq "$out/plain" "$out/merged")"
echo "slurm-test: OK: 4 shards on Slurm merged into the same bytes as one run ($(ls "$out/merged" | wc -l) files; $(( $(date +%s) - started )) s)"
