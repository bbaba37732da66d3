#!/usr/bin/env python3
"""Checks the package's module graph (from `swift package dump-package`):
- LVSVocabulary, the shared words, depends on nothing;
- no module that makes syscalls depends, directly or not, on the ipvsadm CLI module (IPVSAdm);
- the pure modules depend on no syscall module.
Exits 1 with one line per broken rule."""
import json, subprocess, sys

SYSCALL_MODULES = {"LVSLinux", "CLVSLinux", "LVSControl", "LVSLab", "LVSLabServices", "LVSDirector", "LVSRealServer",
                   "LVSHealth", "LVSMetricsServer"}
PURE_MODULES = {"LVSVocabulary", "LVSCore", "LVSWire", "LVSDataPlane", "IPVSAdm", "LVSKeepalived", "LVSSync",
                "LVSVRRP", "LVSMetrics", "LVSXDP", "CLVSPrefetch"}

package = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True,
                                    capture_output=True, text=True).stdout)
direct = {}
for target in package["targets"]:
    deps = set()
    for d in target.get("dependencies", []):
        for kind in ("byName", "target"):
            if kind in d:
                deps.add(d[kind][0])
    direct[target["name"]] = deps

def closure(name, seen=None):
    seen = set() if seen is None else seen
    for d in direct.get(name, ()):
        if d not in seen:
            seen.add(d)
            closure(d, seen)
    return seen

problems = []
if direct.get("LVSVocabulary"):
    problems.append(f"LVSVocabulary depends on {sorted(direct['LVSVocabulary'])}: it must depend on nothing")
for module in sorted(SYSCALL_MODULES & direct.keys()):
    if "IPVSAdm" in closure(module):
        problems.append(f"{module} (syscalls) depends on IPVSAdm (the CLI)")
for module in sorted(PURE_MODULES & direct.keys()):
    bad = closure(module) & SYSCALL_MODULES
    if bad:
        problems.append(f"{module} (pure) depends on syscall modules {sorted(bad)}")
for p in problems:
    print("module graph:", p)
if not problems:
    print(f"module graph: ok ({len(direct)} targets)")
sys.exit(1 if problems else 0)
