#!/bin/sh
# Regenerate the keepalived oracle fixtures: for each scenario NAME.sh (or only those named on the
# command line), run `cat lib.sh NAME.sh` in the ipvs-oracle VM and store its output as NAME.out;
# config-check/config-check.sh runs alone (no lab) into config-check/config-check.out.
# Run as root from the host namespace. ORACLE=path overrides the oracle.
#   ./run.sh                 every scenario and the config checks
#   ./run.sh tcp_check alpha only these (config-check for the config checks)
set -e
cd "$(dirname "$0")"
ORACLE=${ORACLE:-/work/shared/tools/ipvs-oracle}
if [ $# -eq 0 ]; then set -- $(ls *.sh | sed -n 's/\.sh$//p' | grep -v '^lib$\|^run$') config-check; fi
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
for n in "$@"; do
  n=${n%.sh}; n=${n%.out}
  if [ "$n" = config-check ]; then
    echo "config-check/config-check.sh" >&2
    "$ORACLE" config-check/config-check.sh > config-check/config-check.out.new
    mv config-check/config-check.out.new config-check/config-check.out
    continue
  fi
  [ -f "$n.sh" ] || { echo "no scenario $n.sh" >&2; exit 2; }
  echo "$n.sh" >&2
  cat lib.sh "$n.sh" > "$tmp"
  "$ORACLE" "$tmp" > "$n.out.new"
  mv "$n.out.new" "$n.out"
done
