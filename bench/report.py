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
        elif rs[0]["mode"] in ("idle", "cap"):
            key = lambda r: r["bytes_per_conn"]
        else:
            key = lambda r: r["per_s"]
        rs = sorted(rs, key=key)
        row = dict(rs[(len(rs) - 1) // 2])
        row["rounds"] = len(rs)
        rows.append(row)
    return rows


def refusals(outcomes, keep_upgraded=False):
    """'287 http 502, 13 no answer' from the loadgen's outcome counts, without the upgraded ones unless asked."""
    parts = [f"{n:,} {kind}" for kind, n in sorted(outcomes.items(), key=lambda kv: -kv[1])
             if keep_upgraded or kind != "upgraded"]
    return ", ".join(parts) or "none"


def log_text(r):
    """What the proxy logged during the cap scenario (run.sh counts it), or — if not counted."""
    if "log_errors" not in r:
        return "—"
    return (f"{r['log_errors']:,} error lines ({r['log_emfile']:,} EMFILE, {r['log_worker_connections']:,} "
            f"worker_connections), {r['log_exception_lines']:,} stack-trace lines")


def lost_text(r):
    """Upgraded connections the proxy closed unasked: in all, and how many of them were held since the fill."""
    if "lost_of_fill" not in r:
        return f"{r['lost']:,}"
    return f"{r['lost']:,} ({r['lost_of_fill']:,} from the fill, {r['lost_of_probes']:,} new)"


def resumed_text(r):
    """yes/no, with how many new connections got through after the release and how fast."""
    verdict = "yes" if r["resumed_ok"] else "no"
    return (f"{verdict}: {r['resumed']} of {r['resume_target']} in {r['resume_s']:.2f} s "
            f"after closing {r['released']} ({refusals(r['resume_attempts'])} refused first)")


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
        if r["mode"] in ("idle", "cap"):
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
    cap = [r for r in rows if r["mode"] == "cap"]
    if cap:
        print()
        print("| cap scenario | proxy | held (of attempts) | first refusal at | refused: how | held echo | held lost "
              "| RSS at cap MB | bytes per connection | CPU % at cap: quiet / new arriving | proxy fds at cap "
              "| proxy log | resumed |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for r in cap:
            first = r.get("held_at_first_refusal", -1)
            print(f"| {r['scenario']} | {r['proxy']} | {r['held']:,} of {r['attempts']:,} | "
                  f"{'—' if first < 0 else f'{first:,} held'} | "
                  f"{r['refused']:,}: {refusals(r['fill'])} | {r['held_echo_ok']:,} of {r['held_echo_of']:,} | "
                  f"{lost_text(r)} | "
                  f"{r['rss_kb_cap_min'] / 1024:.1f}–{r['rss_kb_cap_max'] / 1024:.1f} | {r['bytes_per_conn']:,} | "
                  f"{r.get('cpu_pct_cap_quiet', float('nan')):.1f} / {r['cpu_pct_cap']:.1f} "
                  f"({refusals(r['probes'], keep_upgraded=True)}) | {r['files_at_cap']:,} | {log_text(r)} | "
                  f"{resumed_text(r)} |")
    print()
    print("unit: msg = a message crossing the proxy in one direction (each echo is two), conn = a WebSocket "
          "connection opened, upgraded, echoed once and closed (wss-connrate: with a full TLS handshake first), "
          "req = an HTTP request; wss-* run over TLS, which the echo backend does not speak, so they have no direct figure")
    if cap:
        print("cap: idle WebSocket upgrades until the proxy refuses (20,000 open files per process); at the cap, "
              "RSS sampled every 250 ms and CPU measured over a quiet window, then over a window with 20 new "
              "attempts/s (their outcomes in brackets); bytes per connection = (max RSS at cap - RSS before) / held; "
              "resumed = after closing some held connections, the new ones all upgraded and every open connection "
              "echoed")


if __name__ == "__main__":
    main(sys.argv)
