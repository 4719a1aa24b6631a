#!/usr/bin/env python3
"""Turns the load generator's JSON lines into the suite's table and bench/results/latest.json.

usage: report.py RESULTS.jsonl OUT.json [--meta key=value ...]
"""
import json
import sys

UNITS = {"small": "msg", "large": "msg", "latency": "msg", "connrate": "conn", "http": "req",
         "wss-small": "msg", "wss-connrate": "conn"}


def median_rounds(raw):
    """One row per (scenario, proxy): the round with the median of the scenario's main figure."""
    groups = {}
    for r in raw:
        groups.setdefault((r["scenario"], r["proxy"]), []).append(r)
    rows = []
    for rs in groups.values():
        if rs[0]["scenario"] == "latency":
            key = lambda r: r["p99_us"]
        elif rs[0]["mode"] == "idle":
            key = lambda r: r["bytes_per_conn"]
        else:
            key = lambda r: r["per_s"]
        rs = sorted(rs, key=key)
        row = dict(rs[(len(rs) - 1) // 2])
        row["rounds"] = len(rs)
        rows.append(row)
    return rows


def main(argv):
    src, out = argv[1], argv[2]
    meta = {}
    if "--meta" in argv:
        for kv in argv[argv.index("--meta") + 1:]:
            k, _, v = kv.partition("=")
            meta[k] = v
    raw = [json.loads(line) for line in open(src) if line.strip()]
    rows = median_rounds(raw)
    direct = {r["scenario"]: r for r in rows if r["proxy"] == "direct"}
    for r in rows:
        d = direct.get(r["scenario"])
        if "per_s" in r and d and d.get("per_s"):
            r["ratio_to_direct"] = round(r["per_s"] / d["per_s"], 3)
    json.dump({"meta": meta, "results": rows, "all_rounds": raw}, open(out, "w"), indent=1)

    print("machine: " + ", ".join(f"{k} {v}" for k, v in meta.items()))
    print()
    head = ("| scenario | proxy | rate /s | × direct | MB/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs "
            "| proxy CPU µs/unit | proxy CPU % | of it kernel | proxy RSS MB | errors |")
    print(head)
    print("|" + "---|" * (head.count("|") - 1))
    for r in rows:
        if r["mode"] == "idle":
            continue
        unit = UNITS.get(r["scenario"], "msg")
        cpu = r.get("cpu_us_per_unit")
        cpu_text = "—" if cpu is None else f"{cpu:.2f} /{unit}"
        pct_text = "—" if cpu is None else f"{r['cpu_pct']:.0f}"
        sys_text = "—" if r.get("cpu_sys_share") is None else f"{100 * r['cpu_sys_share']:.0f} %"
        rss_text = "—" if not r["rss_kb"] or r["proxy"] == "direct" else f"{r['rss_kb'] / 1024:.0f}"
        # no direct figure (the wss-* scenarios: the echo backend speaks no TLS): no ratio
        ratio = r.get("ratio_to_direct", 1.0 if r["proxy"] == "direct" else None)
        ratio_text = "—" if ratio is None else f"{ratio:.2f}"
        print(f"| {r['scenario']} | {r['proxy']} | {r['per_s']:,.0f} | "
              f"{ratio_text} | {r['mb_per_s']:.1f} | "
              f"{r['p50_us']:.0f} | {r['p90_us']:.0f} | {r['p99_us']:.0f} | {r['p999_us']:.0f} | {r['max_us']:.0f} | "
              f"{cpu_text} | {pct_text} | {sys_text} | {rss_text} | "
              f"{r['errors'] + r['failed']} |")
    idle = [r for r in rows if r["mode"] == "idle"]
    if idle:
        print()
        print("| idle scenario | proxy | connections open | RSS before MB | RSS after MB | bytes per proxied connection |")
        print("|---|---|---|---|---|---|")
        for r in idle:
            print(f"| {r['scenario']} | {r['proxy']} | {r['opened']} of {r['conns']} | "
                  f"{r['rss_kb_before'] / 1024:.1f} | {r['rss_kb_after'] / 1024:.1f} | {r['bytes_per_conn']:,} |")
    print()
    print("unit: msg = a message crossing the proxy in one direction (each echo is two), conn = a WebSocket "
          "connection opened, upgraded, echoed once and closed (wss-connrate: with a full TLS handshake first), "
          "req = an HTTP request; wss-* run over TLS, which the echo backend does not speak, so they have no direct figure")


if __name__ == "__main__":
    main(sys.argv)
