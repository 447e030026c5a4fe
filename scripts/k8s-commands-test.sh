#!/usr/bin/env bash
# Runs the commands of examples/kubernetes/indexed-job.yaml as its pods would:
# every index of the Indexed Job (JOB_COMPLETION_INDEX = 0 … completions-1),
# then the merge Job, with the shared volume /data a temporary folder holding
# the seeds (corpus/). Checks the merged dataset equals a plain run byte for
# byte. This tests the example's commands, its shard count and its paths; it
# does not test Kubernetes itself (no cluster here: kubectl cannot validate
# without an API server).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$(realpath "${CARGO_TARGET_DIR:-target}")/release/zhibiao"
work=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/data/corpus" "$work/data/parts"
ln -s "$bin" "$work/bin/zhibiao"
cp corpus/* "$work/data/corpus/"

# The shard Job's completions, and each container's `sh -c` script, /data
# pointing into the temporary folder.
python3 - "$work" examples/kubernetes/indexed-job.yaml <<'EOF'
import sys, yaml
work, path = sys.argv[1], sys.argv[2]
jobs = {d["metadata"]["name"]: d for d in yaml.safe_load_all(open(path)) if d and d["kind"] == "Job"}
def script(job):
    c = job["spec"]["template"]["spec"]["containers"][0]
    assert c["command"] == ["sh", "-c"], c["command"]
    return c["args"][0].replace("/data", work + "/data")
shards = jobs["zhibiao-shards"]
assert shards["spec"]["completionMode"] == "Indexed"
open(work + "/completions", "w").write(str(shards["spec"]["completions"]))
open(work + "/shard.sh", "w").write(script(shards))
open(work + "/merge.sh", "w").write(script(jobs["zhibiao-merge"]))
EOF

n=$(cat "$work/completions")
export PATH="$work/bin:$PATH"
for k in $(seq 0 $((n - 1))); do
  JOB_COMPLETION_INDEX=$k sh -c "$(cat "$work/shard.sh")" || {
    echo "k8s-commands-test: FAIL: the pod of index $k failed" >&2
    exit 1
  }
done
sh -c "$(cat "$work/merge.sh")"
# Beside merged/, since the manifest gives input paths relative to the output's folder.
zhibiao run -q --input "$work/data/corpus" --output "$work/data/plain" || [ $? = 3 ]
diff -r "$work/data/plain" "$work/data/merged" >/dev/null || {
  echo "k8s-commands-test: FAIL: the merged dataset differs from a plain run" >&2
  diff -rq "$work/data/plain" "$work/data/merged" >&2 || true
  exit 1
}
echo "k8s-commands-test: OK: the $n pods of the Indexed Job and the merge Job give the bytes of one run ($(ls "$work/data/plain" | wc -l) files)"
