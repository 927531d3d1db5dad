#!/usr/bin/env python3
"""Where a server's CPU went in a flight recording (BENCH_JFR=/abs/file.jfr of run-benchmark.sh).

Usage: pacs-it/bench/cohort/jfr-cpu.py FILE.jfr [TOP]

Prints CPU seconds per thread group from jdk.ThreadCPULoad (every Java thread, including the JIT compilers; the
recording's 10 s period and the machine's cores), then the top self frames and the first org.rpb frame of
jdk.ExecutionSample. Execution samples only see threads running Java code: time in system calls (sockets, files) and
in the compilers is missing there, so read them as shares of the Java code's time, not of the CPU.
"""
import collections
import os
import re
import subprocess
import sys


def jfr(events, path, depth=None):
    cmd = ["jfr", "print", "--events", events] + (["--stack-depth", str(depth)] if depth else []) + [path]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def group(thread):
    return re.sub(r"[-\d ]+$", "", thread)


def main():
    path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 25
    cores = os.cpu_count() or 1
    cpu = collections.Counter()
    for b in jfr("jdk.ThreadCPULoad", path).split("jdk.ThreadCPULoad {")[1:]:
        user = float(re.search(r"user = ([\d.]+)%", b).group(1))
        system = float(re.search(r"system = ([\d.]+)%", b).group(1))
        cpu[group(re.search(r'eventThread = "([^"]*)"', b).group(1))] += (user + system) / 100 * 10 * cores
    print(f"CPU seconds by thread group (jdk.ThreadCPULoad, ~{sum(cpu.values()):.1f} s in all)")
    for name, s in cpu.most_common(top):
        print(f"{s:8.1f}  {name}")
    own, first, n = collections.Counter(), collections.Counter(), 0
    for b in jfr("jdk.ExecutionSample", path, 64).split("jdk.ExecutionSample {")[1:]:
        frames = [re.sub(r"\s+line:.*$", "", f.strip()) for f in b.split("stackTrace = [", 1)[-1].split("\n")
                  if f.strip() and f.strip() not in ("...", "]", "}") and "(" in f]
        if not frames:
            continue
        n += 1
        own[frames[0]] += 1
        first[next((f for f in frames if f.startswith("org.rpb")), "(no org.rpb frame)")] += 1
    for title, c in (("self frames", own), ("first org.rpb frame", first)):
        print(f"\n{title} of {n} execution samples")
        for f, k in c.most_common(top):
            print(f"{k:6d} {100 * k / max(n, 1):5.1f}%  {f[:160]}")


if __name__ == "__main__":
    main()
