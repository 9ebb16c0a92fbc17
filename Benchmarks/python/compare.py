#!/usr/bin/env python3
"""Runs the Swift suite items (a), (b), (c1), (c2), (e) (`ds3 bench --format json`, release build) and the same
computations in numpy/scipy twice — the literal port (ds3kit_py.py) and the strong baseline (ds3kit_py_fast.py,
issue 22) — in one go, and prints both time ratios and whether all sides computed the same numbers (checksums).

    swift build -c release
    python3 Benchmarks/python/compare.py [--repeats 5] [--ds3 .build/release/ds3]
    python3 Benchmarks/python/compare.py --python-only [--repeats 5]   # no Swift: both Python versions only

Timing: median wall time over `repeats` runs after one warm-up run, on every side. The Swift side also reports a
one-thread median for its parallel items; numpy runs these computations on one core (the strong baseline's FFTs
in (e) use scipy.fft with workers=-1, i.e. every core). The strong baseline's checksums must equal the literal
port's to 1e-12 relative (the script exits with an error otherwise). After the table, the "limit to aim at" for
(b) and (e): the distinct special-function evaluations the strong formulation needs × the cost of one element of
one large vectorised scipy call on the same arguments.
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
import ds3kit_py_fast  # noqa: E402

ITEMS = [
    ("a", "tripartite compute-optimal sweep", ds3kit_py.sweep, ds3kit_py_fast.sweep),
    ("b", "tripartite DS3 population grid", ds3kit_py.population_grid, ds3kit_py_fast.population_grid),
    ("c1", "1,000 training-only optima", ds3kit_py.training_optima, ds3kit_py_fast.training_optima),
    ("c2", "1,000 inference-aware optima", ds3kit_py.inference_optima, ds3kit_py_fast.inference_optima),
    ("e", "exact majority voting N = 1e4", ds3kit_py.exact_voting, ds3kit_py_fast.exact_voting),
]
RTOL = 1e-12  # strong baseline vs literal port


def time_python(function, repeats):
    function()  # warm-up (imports, caches)
    seconds = []
    value = None
    for _ in range(repeats):
        start = time.perf_counter()
        value = function()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), value


def rel_diff(x, y):
    return abs(x - y) / max(abs(y), 1e-300)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    root = os.path.dirname(os.path.dirname(HERE))
    parser.add_argument("--ds3", default=os.path.join(root, ".build", "release", "ds3"))
    parser.add_argument("--json", action="store_true", help="print the comparison as JSON")
    parser.add_argument("--python-only", action="store_true",
                        help="skip Swift: time the literal port and the strong baseline, check their checksums")
    parser.add_argument("--no-limits", action="store_true", help="skip the limit estimates for (b) and (e)")
    args = parser.parse_args()

    by_id, report = {}, None
    if not args.python_only:
        if not os.access(args.ds3, os.X_OK):
            sys.exit(f"compare.py: no ds3 executable at {args.ds3} (run 'swift build -c release' first, "
                     f"or use --python-only)")
        ids = ",".join(item[0] for item in ITEMS)
        swift = subprocess.run(
            [args.ds3, "bench", "--format", "json", "--repeats", str(args.repeats), "--only", ids],
            check=True, capture_output=True, text=True)
        report = json.loads(swift.stdout)
        by_id = {item["id"]: item for item in report["items"]}

    warnings.simplefilter("ignore")
    rows = []
    for item_id, name, literal, strong in ITEMS:
        lit_s, lit_value = time_python(literal, args.repeats)
        fast_s, fast_value = time_python(strong, args.repeats)
        row = {"id": item_id, "name": name, "python_s": lit_s, "strong_s": fast_s,
               "python_checksum": lit_value, "strong_checksum": fast_value,
               "strong_vs_literal_rel_diff": rel_diff(fast_value, lit_value), "literal_over_strong": lit_s / fast_s}
        if by_id:
            s = by_id[item_id]
            one = s.get("one_thread_median_s")
            row.update({
                "swift_s": s["median_s"], "swift_threads": s["threads"], "swift_one_thread_s": one,
                "ratio": lit_s / s["median_s"], "ratio_strong": fast_s / s["median_s"],
                "ratio_one_thread": (lit_s / one) if one else None,
                "ratio_strong_one_thread": (fast_s / one) if one else None,
                "swift_checksum": s["checksum"], "checksum_rel_diff": rel_diff(lit_value, s["checksum"]),
            })
        rows.append(row)

    # The issue's item (c) is one workload, 1,000 training-only and 1,000 inference-aware optima: c1 + c2 on every
    # side (each side's medians summed), printed after its two parts.
    parts = [r for r in rows if r["id"] in ("c1", "c2")]
    if len(parts) == 2:
        c = {"id": "c", "name": "c1 + c2 (the issue's item c)",
             "python_s": sum(r["python_s"] for r in parts), "strong_s": sum(r["strong_s"] for r in parts),
             "python_checksum": None, "strong_checksum": None,
             "strong_vs_literal_rel_diff": max(r["strong_vs_literal_rel_diff"] for r in parts)}
        c["literal_over_strong"] = c["python_s"] / c["strong_s"]
        if by_id:
            swift_c = sum(r["swift_s"] for r in parts)
            c.update({"swift_s": swift_c, "swift_threads": parts[0]["swift_threads"], "swift_one_thread_s": None,
                      "ratio": c["python_s"] / swift_c, "ratio_strong": c["strong_s"] / swift_c,
                      "ratio_one_thread": None, "ratio_strong_one_thread": None, "swift_checksum": None,
                      "checksum_rel_diff": max(r["checksum_rel_diff"] for r in parts)})
        rows.insert(rows.index(parts[1]) + 1, c)

    limits = None if args.no_limits else ds3kit_py_fast.limit_estimates()
    bad = [r["id"] for r in rows if r["strong_vs_literal_rel_diff"] > RTOL]

    load = os.getloadavg()
    if args.json:
        out = {"loadavg": load, "items": rows, "limits": limits, "strong_checksums_agree": not bad}
        if report:
            out["cores"] = report["cores"]
        print(json.dumps(out, indent=1))
    else:
        cores = report["cores"] if report else os.cpu_count()
        threads = f", Swift threads {report['threads']}" if report else " (Python only)"
        print(f"cores {cores}{threads}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, "
              f"repeats {args.repeats}")
        if by_id:
            print(f"{'item':4} {'literal':>11} {'strong':>11} {'swift':>11} {'lit/swift':>9} {'strong/sw':>9} "
                  f"{'swift 1-thr':>11} {'lit/1-thr':>9} {'strong/1-thr':>12}  checksums (rel. diff)")
        else:
            print(f"{'item':4} {'literal':>11} {'strong':>11} {'lit/strong':>10}  checksums literal vs strong "
                  f"(rel. diff)")
        for r in rows:
            if r["python_checksum"] is not None:
                checks = f"{r['python_checksum']:.15g} vs {r['strong_checksum']:.15g}"
            else:
                checks = "c1, c2 above"
            checks += f" ({r['strong_vs_literal_rel_diff']:.1e})"
            if by_id:
                if r["swift_checksum"] is not None:
                    checks += f"; Swift {r['swift_checksum']:.15g} ({r['checksum_rel_diff']:.1e})"
                one = r["swift_one_thread_s"]
                one_s = f"{one * 1e3:9.3f}ms" if one else f"{'-':>11}"
                r1 = f"{r['ratio_one_thread']:8.1f}x" if r["ratio_one_thread"] else f"{'-':>9}"
                rs1 = f"{r['ratio_strong_one_thread']:11.1f}x" if r["ratio_strong_one_thread"] else f"{'-':>12}"
                print(f"{r['id']:4} {r['python_s'] * 1e3:9.3f}ms {r['strong_s'] * 1e3:9.3f}ms "
                      f"{r['swift_s'] * 1e3:9.3f}ms {r['ratio']:8.1f}x {r['ratio_strong']:8.1f}x {one_s} {r1} "
                      f"{rs1}  {checks}")
            else:
                print(f"{r['id']:4} {r['python_s'] * 1e3:9.3f}ms {r['strong_s'] * 1e3:9.3f}ms "
                      f"{r['literal_over_strong']:9.1f}x  {checks}")
        if limits:
            print("limit to aim at (distinct special-function evaluations x the cost of one, one large scipy call):")
            print(f"  b: {limits['b_betainc']:,} betainc calls (distinct (m', K - m' + 1, r) with b > 0: "
                  f"{limits['b_all']:,}; non-dominated: {limits['b_needed']:,}; not certified = 1: "
                  f"{limits['b_betainc']:,}) x {limits['b_cost_s'] * 1e9:.0f} ns = {limits['b_limit_s'] * 1e3:.2f} ms "
                  f"({limits['b_limit_needed_s'] * 1e3:.1f} ms for all non-dominated, "
                  f"{limits['b_limit_all_s'] * 1e3:.1f} ms for all distinct)")
            print(f"  e: {limits['e_pmf']:,} Poisson pmf values over {limits['e_s']} values of s (+-w windows; "
                  f"{limits['e_full']:,} in the literal port) x {limits['e_cost_s'] * 1e9:.0f} ns = "
                  f"{limits['e_limit_s'] * 1e3:.2f} ms (an incomplete gamma per element: "
                  f"{limits['e_gamma_cost_s'] * 1e9:.0f} ns); its FFTs alone (1 rfft + "
                  f"{(9 + 1) // 2 - 1} irffts, batched): {limits['e_fft_s'] * 1e3:.2f} ms")
    if bad:
        sys.exit(f"compare.py: strong-baseline checksums differ from the literal port's by more than {RTOL:g} "
                 f"on {', '.join(bad)}")


if __name__ == "__main__":
    main()
