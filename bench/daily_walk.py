#!/usr/bin/env python3
"""Walks a fleet of daily (coarse) series through a running Vigil, day by day, and measures what its users live with.

A fleet of daily KPIs is made from a seed, in four families:
  energy_kwh   smart meters: daily energy with a weekly cycle and a seasonal drift (winter high); the 40 meters of
               region=north drop together by 40 % for three days
  orders       business KPIs: weekday level, Saturday and Sunday lower, a slow trend
  latency_p95  noisy services: 10 % noise and natural spikes (ordinary days that look odd: counted apart)
  and, across energy_kwh and orders outside the north, a dozen series whose level moves up 30 % for good, and two
  orders series that stop reporting (silence).
Known one-day anomalies (spikes and dips of 15 to 60 %) are injected about once per series per two months.

Each day is sent as one structured CloudEvent (dev.vigil.readings.v1, the day's readings at 00:00 UTC) once the day
is over, then a detection run is asked for as of that moment (POST /api/v1/detection/runs {"at"}: the backfill
path the README gives), so every day is judged the day after it, as a live fleet's would be. The server's own
schedule must be off (VIGIL_DETECTION_CRON=off), or it would judge the whole history at once. Before the first day
the walk stores one rule (metric orders, every field left to its default) and a hook to a listener of its own, which
counts the alerts (dev.vigil.anomaly.detected.v1) and the incident and silence events. Afterwards it reads results,
change points, incidents and silences back through the read API and prints the figures.

    python3 bench/daily_walk.py --url http://127.0.0.1:8080 --key SECRET [--series 200] [--days 365] [--seed 7]
                                [--out walk.json] [--at-once]

It also measures how far the hook's deliveries trail the walk: from the last run's answer to the listener's last
delivery. With --at-once (a backfill) a second hook with maxAge P2D shows what a team's chat would get of it.

The key needs the ingest, read, operate and admin roles (one key: VIGIL_KEYS=SECRET=ingest+read+operate+admin).
Standard library only.
"""
import argparse
import collections
import http.server
import json
import math
import random
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

DAY = timedelta(days=1)
SIZES = [0.60, 0.40, 0.25, 0.15, -0.15, -0.25, -0.40, -0.60]
SHIFT = 0.30
REGION_DROP = 0.40
NORTH = 40


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


class Api:
    def __init__(self, base, key):
        self.base = base.rstrip("/")
        self.key = key

    def call(self, method, path, body=None, content_type="application/json", ok=(200, 201, 204)):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.key)
        if data is not None:
            req.add_header("Content-Type", content_type)
        for attempt in range(5):
            try:
                with urllib.request.urlopen(req, timeout=600) as r:
                    raw = r.read()
                    return json.loads(raw) if raw else None
            except urllib.error.HTTPError as e:
                text = e.read().decode(errors="replace")
                if e.code == 503 and attempt < 4:
                    time.sleep(2)
                    continue
                if e.code in ok:
                    return json.loads(text) if text else None
                raise SystemExit(f"{method} {path}: {e.code} {text[:400]}")

    def get(self, path, **params):
        q = urllib.parse.urlencode({k: v for k, v in params.items() if v is not None})
        return self.call("GET", path + ("?" + q if q else ""))


class Series:
    def __init__(self, metric, dims, family):
        self.metric, self.dims, self.family = metric, dims, family
        self.key = metric + "{" + ",".join(f"{k}={v}" for k, v in sorted(dims.items())) + "}"
        self.values = {}        # day index -> value sent
        self.injected = {}      # day index -> relative size
        self.natural = set()    # noisy family: ordinary spikes
        self.shift_day = None
        self.stop_day = None
        self.id = None


def make_fleet(n, days, start, rnd):
    fleet = []
    n_meters = max(NORTH + 4, int(n * 0.4))
    n_noisy = max(4, int(n * 0.1))
    n_orders = n - n_meters - n_noisy
    regions = ["south", "east", "west"]
    for i in range(n_meters):
        region = "north" if i < NORTH else regions[i % 3]
        fleet.append(Series("energy_kwh", {"meter": f"m{i:03d}", "region": region}, "meter"))
    for i in range(n_orders):
        fleet.append(Series("orders", {"shop": f"s{i:03d}", "region": regions[i % 3]}, "kpi"))
    for i in range(n_noisy):
        fleet.append(Series("latency_p95", {"service": f"svc{i:02d}", "region": regions[i % 3]}, "noisy"))
    movable = [s for s in fleet if s.family in ("meter", "kpi") and s.dims["region"] != "north"]
    for s in rnd.sample(movable, 12):
        s.shift_day = rnd.randint(int(days * 0.33), int(days * 0.82))
    stoppers = [s for s in fleet if s.family == "kpi" and s.shift_day is None]
    for s in rnd.sample(stoppers, 2):
        s.stop_day = days - 25
    drop = set(range(int(days * 0.55), int(days * 0.55) + 3))
    for s in fleet:
        synthesize(s, days, start, rnd, drop)
    return fleet, drop


def synthesize(s, days, start, rnd, drop):
    if s.family == "meter":
        base = rnd.uniform(8, 30)
        weekend = rnd.choice([1.15, 0.8])
        season = rnd.uniform(0.2, 0.45)
        noise = 0.04
    elif s.family == "kpi":
        base = rnd.uniform(200, 5000)
        growth = rnd.uniform(-0.1, 0.3)
        noise = 0.03
    else:
        base = rnd.uniform(100, 400)
        noise = 0.10
    # one-day anomalies every 45 to 75 days, from day 35 on, away from shifts, the region drop and the stop
    blocked = set()
    if s.shift_day is not None:
        blocked |= set(range(s.shift_day - 3, s.shift_day + 11))
    if s.dims["region"] == "north":
        blocked |= set(range(min(drop) - 3, max(drop) + 8))
    d = rnd.randint(35, 75)
    while d < days:
        if d not in blocked and (s.stop_day is None or d < s.stop_day):
            s.injected[d] = rnd.choice(SIZES)
        d += rnd.randint(45, 75)
    for t in range(days):
        if s.stop_day is not None and t >= s.stop_day:
            break
        day = start + t * DAY
        wd = day.weekday()
        if s.family == "meter":
            doy = day.timetuple().tm_yday
            v = base * (weekend if wd >= 5 else 1.0) * (1 + season * math.cos(2 * math.pi * (doy - 15) / 365))
        elif s.family == "kpi":
            v = base * {5: 0.55, 6: 0.45}.get(wd, 1.0) * (1 + growth * t / days)
        else:
            v = base * (1.1 if wd < 5 else 0.95)
        v *= 1 + rnd.gauss(0, noise)
        if s.family == "noisy" and t not in s.injected and rnd.random() < 0.04:
            v *= rnd.uniform(1.3, 1.8)
            s.natural.add(t)
        if s.shift_day is not None and t >= s.shift_day:
            v *= 1 + SHIFT
        if s.dims["region"] == "north" and t in drop:
            v *= 1 - REGION_DROP
        if t in s.injected:
            v *= 1 + s.injected[t]
        s.values[t] = round(max(v, 0.01), 4)


class Listener(http.server.BaseHTTPRequestHandler):
    events = []          # (webhook-id, event) of the main hook
    aged = []            # events of the backfill's second hook, the one with a maxAge
    lock = threading.Lock()
    last = [time.time()]

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        try:
            ev = json.loads(body)
        except ValueError:
            ev = {"type": "unreadable"}
        with Listener.lock:
            if self.path.endswith("/aged"):
                Listener.aged.append(ev)
            else:
                Listener.events.append((self.headers.get("webhook-id"), ev))
                Listener.last[0] = time.time()
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class ListenerServer(http.server.ThreadingHTTPServer):
    # Vigil sends up to 50 deliveries of a hook at once; the default backlog of 5 refuses most of them
    request_queue_size = 256
    daemon_threads = True


def start_listener():
    server = ListenerServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def send_day(api, fleet, start, t):
    """The day's readings as one structured CloudEvent; answers the day."""
    day = start + t * DAY
    readings = [{"metric": s.metric, "dimensions": s.dims, "timestamp": iso(day), "value": s.values[t]}
                for s in fleet if t in s.values]
    event = {"specversion": "1.0", "id": f"walk-{iso(day)}", "source": "/bench/daily-walk",
             "type": "dev.vigil.readings.v1", "time": iso(day), "datacontenttype": "application/json",
             "data": readings}
    api.call("POST", "/", event, content_type="application/cloudevents+json")
    return day


def walk(api, fleet, days, start, hook_url, at_once=False):
    """Answers the main hook, the runs' durations, and when the last run that scored anything answered."""
    api.call("POST", "/api/v1/alert-rules", {"name": "orders desk", "metric": "orders"})
    hook = api.call("POST", "/api/v1/admin/hooks", {"name": "daily walk", "url": hook_url})
    run_seconds = []
    answered = None
    t0 = time.time()
    if at_once:
        # a second hook that skips alerts about windows over two days old: what a team's chat would get of it
        api.call("POST", "/api/v1/admin/hooks", {"name": "daily walk, recent only", "url": hook_url + "/aged",
                                                 "maxAge": "P2D"})
        # a backfill: the whole history first, then runs as of the last morning until nothing is left to score
        for t in range(days):
            send_day(api, fleet, start, t)
        while True:
            r0 = time.time()
            report = api.call("POST", "/api/v1/detection/runs", {"at": iso(start + days * DAY + timedelta(hours=1))})
            run_seconds.append(time.time() - r0)
            if not report.get("windowsScored"):
                return hook, run_seconds, answered
            answered = time.time()
    for t in range(days):
        day = send_day(api, fleet, start, t)
        r0 = time.time()
        api.call("POST", "/api/v1/detection/runs", {"at": iso(day + DAY + timedelta(hours=1))})
        answered = time.time()
        run_seconds.append(answered - r0)
        if t % 30 == 29:
            print(f"  day {t + 1}/{days}: {time.time() - t0:.0f} s, last run {run_seconds[-1]:.2f} s",
                  file=sys.stderr, flush=True)
    return hook, run_seconds, answered


def wait_for_deliveries(api, hook_id, answered, limit=900):
    """Waits until the hook has nothing pending; answers how long after the last run's answer (seconds) the listener
    received the hook's last delivery, and how many deliveries had arrived by that answer."""
    with Listener.lock:
        by_answer = sum(1 for _ in Listener.events)
    end = time.time() + limit
    while time.time() < end:
        hook = api.get(f"/api/v1/admin/hooks/{hook_id}")
        if hook["pending"] == 0:
            break
        time.sleep(1)
    else:
        print(f"deliveries still pending after {limit} s: alert counts are short", file=sys.stderr)
    lag = max(0.0, Listener.last[0] - answered) if answered else 0.0
    print(f"hook deliveries: {by_answer} of {len(Listener.events)} had arrived when the last run answered; the last "
          f"arrived {lag:.1f} s after it", file=sys.stderr)
    return {"lagSeconds": lag, "byAnswer": by_answer, "delivered": len(Listener.events)}


def read_back(api, fleet, days, start):
    ids = {}
    page = 0
    while True:
        p = api.get("/api/v1/series", size=500, page=page, period="P3650D")
        for row in p["items"]:
            ids[row.get("key") or row.get("seriesKey")] = row.get("id") or row.get("seriesId")
        if (page + 1) * 500 >= p["total"]:
            break
        page += 1
    end = start + (days + 1) * DAY
    for s in fleet:
        s.id = ids.get(s.key)
        s.results, s.changes = {}, []
        if s.id is None:
            continue
        f = start
        while f < end:
            to = min(f + timedelta(days=90), end)
            for r in api.get(f"/api/v1/series/{s.id}/results", **{"from": iso(f), "to": iso(to), "limit": 50000}):
                s.results[(parse(r["windowStart"]) - start).days] = r
            s.changes += api.get(f"/api/v1/series/{s.id}/change-points", **{"from": iso(f), "to": iso(to)})
            f = to
    incidents = read_incidents(api, start)
    silences = api.get("/api/v1/silence", status="all", limit=1000)
    return incidents, silences


def read_incidents(api, start):
    """Every incident through the list's pages (offset, from 2026-12-06), else its newest 500."""
    incidents = []
    while True:
        q = urllib.parse.urlencode({"since": iso(start), "limit": 500, "offset": len(incidents)})
        page = api.call("GET", "/api/v1/incidents?" + q, ok=(200, 400))
        if isinstance(page, dict):   # a server without offset: one page only
            print("the incident list takes no offset: only its newest 500 are read", file=sys.stderr)
            return api.get("/api/v1/incidents", since=iso(start), limit=500)
        incidents += page
        if len(page) < 500:
            return incidents


def pct(a, b):
    return f"{a}/{b} ({100.0 * a / b:.1f} %)" if b else f"{a}/0"


def report(fleet, days, start, drop, incidents, silences, run_seconds):
    alerts = collections.defaultdict(list)   # (series key, day) -> rules
    types = collections.Counter()
    for _, ev in Listener.events:
        types[ev.get("type")] += 1
        if ev.get("type") == "dev.vigil.anomaly.detected.v1":
            d = ev["data"]
            alerts[(d["seriesKey"], (parse(d["windowStart"]) - start).days)] += d.get("rules") or []
    out = {}
    print(f"\nfleet: {len(fleet)} daily series over {days} days from {start.date()}, runs: {len(run_seconds)} "
          f"(median {sorted(run_seconds)[len(run_seconds) // 2]:.2f} s, max {max(run_seconds):.2f} s)")
    print("events received by the hook:", dict(types))

    # injected anomalies
    by_size = collections.defaultdict(lambda: [0, 0, 0])
    by_family = collections.defaultdict(lambda: [0, 0, 0])
    missed = []
    for s in fleet:
        for d, size in s.injected.items():
            r = s.results.get(d)
            flagged = bool(r and r["anomaly"])
            alerted = (s.key, d) in alerts
            for table, k in ((by_size, size), (by_family, s.family)):
                table[k][0] += 1
                table[k][1] += flagged
                table[k][2] += alerted
            if not flagged:
                missed.append((s.key, d, size, r and r.get("warmingUp"), r and r.get("reason")))
    total = [sum(v[i] for v in by_size.values()) for i in range(3)]
    print(f"\ninjected one-day anomalies: {total[0]}; caught by flag {pct(total[1], total[0])}, "
          f"by alert {pct(total[2], total[0])}")
    for k in sorted(by_size):
        v = by_size[k]
        print(f"  size {k:+.0%}: flag {pct(v[1], v[0])}, alert {pct(v[2], v[0])}")
    for k in sorted(by_family):
        v = by_family[k]
        print(f"  family {k}: flag {pct(v[1], v[0])}, alert {pct(v[2], v[0])}")
    print("  missed (first 10):", missed[:10])

    # ordinary days
    fam = collections.defaultdict(lambda: [0, 0])
    after_shift = [0, 0]
    reasons = collections.Counter()
    worst = []
    drop_flags = [0, 0]
    meter_months = collections.defaultdict(lambda: [0, 0])
    for s in fleet:
        n_flag = 0
        for d, r in s.results.items():
            if r.get("warmingUp"):
                continue
            if s.dims["region"] == "north" and d in drop:
                drop_flags[0] += 1
                drop_flags[1] += bool(r["anomaly"])
                continue
            if d in s.injected or d in s.natural:
                continue
            if s.shift_day is not None and s.shift_day <= d < s.shift_day + 4:
                continue
            fam[s.family][0] += 1
            fam[s.family][1] += bool(r["anomaly"])
            if s.family == "meter":
                month = (start + d * DAY).month
                meter_months[month][0] += 1
                meter_months[month][1] += bool(r["anomaly"])
            if s.shift_day is not None and d >= s.shift_day:
                after_shift[0] += 1
                after_shift[1] += bool(r["anomaly"])
            if r["anomaly"]:
                n_flag += 1
                reasons[r.get("reason")] += 1
        worst.append((n_flag, s.key))
    judged = sum(v[0] for v in fam.values())
    flagged = sum(v[1] for v in fam.values())
    print(f"\nordinary days judged: {judged}, flagged {pct(flagged, judged)}; by reason {dict(reasons)}")
    for k in sorted(fam):
        print(f"  family {k}: {pct(fam[k][1], fam[k][0])}")
    print(f"  of them after a +30 % shift (from its 5th day): {pct(after_shift[1], after_shift[0])}")
    print("  meters' ordinary days flagged by month: " + ", ".join(
        f"{m}: {100.0 * v[1] / v[0]:.1f} %" for m, v in sorted(meter_months.items()) if v[0]))
    natural = [(s, d) for s in fleet for d in s.natural if d in s.results and not s.results[d].get("warmingUp")]
    print(f"  noisy family's natural spikes flagged: "
          f"{pct(sum(bool(s.results[d]['anomaly']) for s, d in natural), len(natural))}")
    print(f"  region drop (north, {len(drop)} days x {NORTH} series): flagged {pct(drop_flags[1], drop_flags[0])}")
    worst.sort(reverse=True)
    print("  most flagged series:", worst[:8])

    # alerts
    months = days / 30.44
    by_rule = collections.Counter()
    alert_kinds = collections.Counter()
    for (key, d), rules in alerts.items():
        for rule in set(rules):
            by_rule[rule] += 1
        s = next(x for x in fleet if x.key == key)
        kind = ("injected" if d in s.injected else "regionDrop" if s.dims["region"] == "north" and d in drop
                else "shift" if s.shift_day is not None and d >= s.shift_day else "natural" if d in s.natural
                else "ordinary")
        alert_kinds[kind] += 1
    n_orders = sum(1 for s in fleet if s.metric == "orders")
    print(f"\nalerts: {len(alerts)} = {len(alerts) / len(fleet) / months:.2f} per series per month; by what they "
          f"were on {dict(alert_kinds)}")
    print(f"  rule 'orders desk' ({n_orders} series): {by_rule['orders desk']} "
          f"({by_rule['orders desk'] / max(n_orders, 1) / months:.2f} per series per month); default rule "
          f"({len(fleet) - n_orders} series): {by_rule['default']} "
          f"({by_rule['default'] / max(len(fleet) - n_orders, 1) / months:.2f} per series per month)")
    # a rule's snooze should hold back the next day of the same fault: alerts the day after one on the same series
    next_day = collections.Counter()
    for (key, d), rules in alerts.items():
        if (key, d - 1) in alerts:
            for rule in set(rules):
                next_day[rule] += 1
    print(f"  alerts the day after an alert on the same series: rule 'orders desk' {next_day['orders desk']} of "
          f"{by_rule['orders desk']}, default rule {next_day['default']} of {by_rule['default']}")
    ordinary_alerts = alert_kinds["ordinary"] + alert_kinds["shift"] + alert_kinds["natural"]
    print(f"  alerts not on an injected anomaly or the region drop: "
          f"{ordinary_alerts / len(fleet) / months:.2f} per series per month")

    # incidents: the list, and the opened events the hook received (each incident opens once)
    opened = {ev["subject"]: ev["data"] for _, ev in Listener.events
              if ev.get("type") == "dev.vigil.incident.opened.v1"}
    print(f"\nincidents: {len(incidents)} listed, {len(opened)} opened events; "
          f"{sum(1 for i in incidents if i['seriesCount'] == 1)} of one series, median anomalies "
          f"{sorted(i['anomalyCount'] for i in incidents)[len(incidents) // 2] if incidents else 0}")
    # an entity's scope is a series' own dimensions; any other scope is shared by many entities (or the fleet)
    own = {json.dumps(s.dims, sort_keys=True) for s in fleet}
    latest = {}
    for _, ev in Listener.events:
        if ev.get("type", "").startswith("dev.vigil.incident.") and (
                ev["subject"] not in latest or ev["data"]["version"] > latest[ev["subject"]]["version"]):
            latest[ev["subject"]] = ev["data"]
    every = list(latest.values()) or incidents
    entity = [i for i in every if json.dumps(i["scope"], sort_keys=True) in own]
    shared = [i for i in every if json.dumps(i["scope"], sort_keys=True) not in own]
    print(f"  from the events: {len(every)} incidents, {len(entity)} of one entity "
          f"({sum(i['anomalyCount'] for i in entity) / max(len(entity), 1):.1f} anomalies each, "
          f"{len(entity) / len(fleet) / months:.2f} per series per month), {len(shared)} shared:")
    for inc in sorted(shared, key=lambda i: i["firstWindow"]):
        print(f"    scope {inc['scope'] or 'fleet'} {inc['firstWindow'][:10]}..{inc['lastWindow'][:10]} "
              f"series {inc['seriesCount']} anomalies {inc['anomalyCount']} status {inc['status']}")
    drop_start = start + min(drop) * DAY
    print(f"  the region drop ({drop_start.date()}, 3 days, region=north): see the many-entity lines above")

    # change points
    shifted = [s for s in fleet if s.shift_day is not None]
    found, late = 0, []
    spurious = []
    for s in fleet:
        for c in s.changes:
            d = (parse(c["at"]) - start).days
            if s.shift_day is not None and s.shift_day <= d <= s.shift_day + 7:
                continue
            spurious.append((s.key, d, c.get("kind"), c.get("direction")))
        if s.shift_day is not None:
            hits = [(parse(c["at"]) - start).days - s.shift_day for c in s.changes
                    if s.shift_day <= (parse(c["at"]) - start).days <= s.shift_day + 7]
            if hits:
                found += 1
                late.append(min(hits))
    for family in sorted({s.family for s in shifted}):
        mine = [s for s in shifted if s.family == family]
        hit = [s for s in mine if any(s.shift_day <= (parse(c["at"]) - start).days <= s.shift_day + 7
                                      for c in s.changes)]
        print(f"\n  shifts of {family}: {len(hit)}/{len(mine)} reported", end="")
    print(f"\nchange points: injected shifts {len(shifted)}, reported within 7 days {found} (days after the shift: "
          f"{sorted(late)}); other change points {len(spurious)}: {spurious[:10]}")

    # silence
    ours = [x for x in silences if x.get("seriesKey") in {s.key for s in fleet}]
    stopped = [s.key for s in fleet if s.stop_day is not None]
    print(f"\nsilences: {len(ours)} (series that stopped: {stopped}): "
          + str([(x['seriesKey'], x['detectedAt'], x['outcome']) for x in ours][:6]))

    # warm-up
    first = []
    for s in fleet:
        judged_days = sorted(d for d, r in s.results.items() if not r.get("warmingUp"))
        if judged_days:
            first.append(judged_days[0] - min(s.values))
    first.sort()
    print(f"\ndays to first judgement (days sent before the first judged one): min {first[0]}, median "
          f"{first[len(first) // 2]}, max {first[-1]} ({len(first)} series judged)"
          if first else "\nno series was judged")
    missing = [s.key for s in fleet if len(s.results) < len(s.values)]
    print(f"series with unscored days: {len(missing)} {missing[:5]}")
    return out


def report_dump(path):
    with open(path) as f:
        dump = json.load(f)
    start = parse(dump["start"])
    fleet = []
    for row in dump["series"]:
        metric, rest = row["key"].split("{", 1)
        s = Series(metric, dict(kv.split("=", 1) for kv in rest.rstrip("}").split(",")), row["family"])
        s.id, s.shift_day, s.stop_day, s.changes = row["id"], row["shift"], row["stop"], row["changes"]
        s.values = {int(k): v for k, v in row["values"].items()}
        s.injected = {int(k): v for k, v in row["injected"].items()}
        s.natural = set(row["natural"])
        s.results = {int(k): v for k, v in row["results"].items()}
        fleet.append(s)
    Listener.events = [(None, ev) for ev in dump["events"]]
    days = max(max(s.values) for s in fleet) + 1
    report(fleet, days, start, set(dump["drop"]), dump["incidents"], dump["silences"], dump.get("runSeconds", [0]))
    if dump.get("delivery"):
        print("hook deliveries:", dump["delivery"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", default="http://127.0.0.1:8080")
    ap.add_argument("--key", required=True)
    ap.add_argument("--series", type=int, default=200)
    ap.add_argument("--days", type=int, default=365)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", help="write every series' values, injections and results here (JSON)")
    ap.add_argument("--at-once", action="store_true",
                    help="send the whole history first, then run detection once (a backfill), not day by day")
    ap.add_argument("--report", metavar="DUMP", help="print the figures of an earlier walk's --out file, and exit")
    a = ap.parse_args()
    if a.report:
        report_dump(a.report)
        return
    rnd = random.Random(a.seed)
    today = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    start = today - a.days * DAY
    fleet, drop = make_fleet(a.series, a.days, start, rnd)
    server = start_listener()
    hook_url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    print(f"walking {len(fleet)} series, {a.days} days from {start.date()}; "
          f"{sum(len(s.injected) for s in fleet)} injected anomalies", file=sys.stderr)
    api = Api(a.url, a.key)
    hook, run_seconds, answered = walk(api, fleet, a.days, start, hook_url, a.at_once)
    delivery = wait_for_deliveries(api, hook["hook"]["id"], answered)
    if a.at_once:
        hooks = {h["name"]: h for h in api.get("/api/v1/admin/hooks")}
        aged = hooks.get("daily walk, recent only", {})
        delivery["maxAgeHook"] = {"received": len(Listener.aged), "skipped": aged.get("skipped"),
                                  "pending": aged.get("pending"), "failed": aged.get("failed")}
        print(f"hook with maxAge P2D: received {len(Listener.aged)}, skipped {aged.get('skipped')}",
              file=sys.stderr)
    incidents, silences = read_back(api, fleet, a.days, start)
    report(fleet, a.days, start, drop, incidents, silences, run_seconds)
    if a.out:
        with open(a.out, "w") as f:
            json.dump({"start": iso(start), "drop": sorted(drop), "runSeconds": run_seconds, "delivery": delivery,
                       "incidents": incidents, "silences": silences,
                       "events": [ev for _, ev in Listener.events],
                       "series": [{"key": s.key, "id": s.id, "family": s.family, "values": s.values,
                                   "injected": s.injected, "natural": sorted(s.natural), "shift": s.shift_day,
                                   "stop": s.stop_day, "results": s.results, "changes": s.changes}
                                  for s in fleet]}, f)
    server.shutdown()


if __name__ == "__main__":
    main()
