#!/usr/bin/env python3
"""Runs the Swift suite items (a), (b), (c1), (c2), (e) (`ds3 bench --format json`, release build) and the same
computations in numpy/scipy (ds3kit_py.py) in one go, and prints the time ratios and whether both sides computed
the same numbers (checksums).

    swift build -c release
    python3 Benchmarks/python/compare.py [--repeats 5] [--ds3 .build/release/ds3]

Timing: median wall time over `repeats` runs after one warm-up run, on both sides. The Swift side also reports a
one-thread median for its parallel items; numpy runs these computations on one core.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import ds3kit_py  # noqa: E402

ITEMS = [
    ("a", "tripartite compute-optimal sweep", ds3kit_py.sweep),
    ("b", "tripartite DS3 population grid", ds3kit_py.population_grid),
    ("c1", "1,000 training-only optima", ds3kit_py.training_optima),
    ("c2", "1,000 inference-aware optima", ds3kit_py.inference_optima),
    ("e", "exact majority voting N = 1e4", ds3kit_py.exact_voting),
]


def time_python(function, repeats):
    function()  # warm-up (imports, caches)
    seconds = []
    value = None
    for _ in range(repeats):
        start = time.perf_counter()
        value = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), value


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    root = os.path.dirname(os.path.dirname(HERE))
    parser.add_argument("--ds3", default=os.path.join(root, ".build", "release", "ds3"))
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    args = parser.parse_args()
    if not os.access(args.ds3, os.X_OK):
        sys.exit(f"compare.py: no ds3 executable at {args.ds3} (run 'swift build -c release' first)")

    ids = ",".join(item[0] for item in ITEMS)
    swift = subprocess.run(
        [args.ds3, "bench", "--format", "json", "--repeats", str(args.repeats), "--only", ids],
        check=True, capture_output=True, text=True)
    report = json.loads(swift.stdout)
    by_id = {item["id"]: item for item in report["items"]}

    warnings.simplefilter("ignore")
    rows = []
    for item_id, name, function in ITEMS:
        py_seconds, py_value = time_python(function, args.repeats)
        s = by_id[item_id]
        one = s.get("one_thread_median_s")
        rows.append({
            "id": item_id, "name": name, "python_s": py_seconds, "swift_s": s["median_s"],
            "swift_threads": s["threads"], "swift_one_thread_s": one,
            "ratio": py_seconds / s["median_s"], "ratio_one_thread": (py_seconds / one) if one else None,
            "python_checksum": py_value, "swift_checksum": s["checksum"],
            "checksum_rel_diff": abs(py_value - s["checksum"]) / max(abs(s["checksum"]), 1e-300),
        })

    # The item (c) is one workload, 1,000 training-only and 1,000 inference-aware optima: c1 + c2 on both
    # sides (each side's medians summed), printed after its two parts.
    parts = [r for r in rows if r["id"] in ("c1", "c2")]
    if len(parts) == 2:
        py_c = sum(r["python_s"] for r in parts)
        swift_c = sum(r["swift_s"] for r in parts)
        worst = max(r["checksum_rel_diff"] for r in parts)
        rows.insert(rows.index(parts[1]) + 1, {
            "id": "c", "name": "c1 + c2 (the issue's item c)", "python_s": py_c, "swift_s": swift_c,
            "swift_threads": parts[0]["swift_threads"], "swift_one_thread_s": None, "ratio": py_c / swift_c,
            "ratio_one_thread": None, "python_checksum": None, "swift_checksum": None, "checksum_rel_diff": worst,
        })

    load = os.getloadavg()
    if args.json:
        print(json.dumps({"loadavg": load, "cores": report["cores"], "items": rows}, indent=1))
        return
    print(f"cores {report['cores']}, Swift threads {report['threads']}, load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, repeats {args.repeats}")
    header = f"{'item':4} {'python':>11} {'swift':>11} {'ratio':>8} {'swift 1-thr':>11} {'ratio 1-thr':>11}  checksums (rel. diff)"
    print(header)
    for r in rows:
        one = f"{r['swift_one_thread_s'] * 1e3:9.3f}ms" if r["swift_one_thread_s"] else f"{'-':>11}"
        ratio_one = f"{r['ratio_one_thread']:10.1f}x" if r["ratio_one_thread"] else f"{'-':>11}"
        checks = (f"{r['python_checksum']:.15g} vs {r['swift_checksum']:.15g}" if r["python_checksum"] is not None
                  else "c1, c2 above")
        print(f"{r['id']:4} {r['python_s'] * 1e3:9.3f}ms {r['swift_s'] * 1e3:9.3f}ms {r['ratio']:7.1f}x {one} "
              f"{ratio_one}  {checks} ({r['checksum_rel_diff']:.1e})")


if __name__ == "__main__":
    main()
