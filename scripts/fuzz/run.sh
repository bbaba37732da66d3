#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (README "Fuzzing"):
#   FrameProcessorFuzz  - the director's per-frame path: parse, engine verdict, rewrite
#   ControlRequestFuzz  - a control-socket line: decode, peer check, re-validation, apply
# Usage: scripts/fuzz/run.sh [frame|control|all] [RUNS]   (default: all, 10000000 runs each)
# The targets exist only with LVS_FUZZ=1 and are built with --sanitize=fuzzer into .build-fuzz
# (libFuzzer supplies main), so ordinary builds and CI never see them. Corpora are kept in
# .build-fuzz/corpus/{frame,control}; a crash leaves crash-* in the current directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
which=${1:-all}
runs=${2:-10000000}
build() {
  LVS_FUZZ=1 swift build --scratch-path .build-fuzz --sanitize=fuzzer --product "$1"
}
run() {
  local target=$1 corpus=$2 maxlen=$3
  mkdir -p "$corpus"
  nice -n 10 ".build-fuzz/debug/$target" -runs="$runs" -max_len="$maxlen" -print_final_stats=1 "$corpus"
}
if [ "$which" = frame ] || [ "$which" = all ]; then
  build FrameProcessorFuzz
  python3 scripts/fuzz/frame-seeds.py .build-fuzz/corpus/frame
  run FrameProcessorFuzz .build-fuzz/corpus/frame 1600
fi
if [ "$which" = control ] || [ "$which" = all ]; then
  build ControlRequestFuzz
  mkdir -p .build-fuzz/corpus/control
  printf '%s' '{"apply":{"_0":[{"addService":{"_0":{"flags":9,"key":{"address":{"_0":6,"_1":{"family":2,"high":0,"low":3323068417},"_2":80}},"netmaskPrefix":24,"persistenceEngine":"","scheduler":"rr","timeout":100}}},{"addDestination":{"_0":{"address":{"_0":6,"_1":{"family":2,"high":0,"low":3323068417},"_2":80}},"_1":{"forward":0,"key":{"address":{"family":2,"high":0,"low":3323068674},"port":8080},"lowerThreshold":2,"tunnelFlags":0,"tunnelPort":0,"tunnelType":0,"upperThreshold":10,"weight":5}}}]}}' >.build-fuzz/corpus/control/seed-apply
  printf '%s' '{"snapshot":{"includeConnections":true}}' >.build-fuzz/corpus/control/seed-snapshot
  run ControlRequestFuzz .build-fuzz/corpus/control 1024
fi
