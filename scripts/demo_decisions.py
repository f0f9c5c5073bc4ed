#!/usr/bin/env python3
"""The decision part of scripts/demo: asks a running `ripple serve` for a few decisions with
their explanations, reports feedback, shows auth at work and an outbound list.

usage: demo_decisions.py PORT MSISDN_WITH_TRIGGERS SUBSCRIBERS_CSV
The tokens are the demo's (scripts/demo writes them to demo/tokens.csv)."""
import json
import sys
import urllib.error
import urllib.request

CHANNEL = "demo-channel-token-0001"
ADMIN = "demo-admin-token-00000001"
port, who, subscribers = sys.argv[1], sys.argv[2], sys.argv[3]


def call(path, token=CHANNEL, body=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def decide(msisdn, channel, slot):
    code, body = call(f"/v1/decision?msisdn={msisdn}&channel={channel}&slot={slot}&explain=1")
    d = json.loads(body)
    if code != 200:
        print(f"  GET /v1/decision ... -> {code} {body}")
        return d
    e = d["explain"]
    if d["campaign"]:
        offer = f"{d['campaign']} ({d['product']['name']}: \"{d['creative']['copy']}\")"
    else:
        offer = "no offer"
    print(f"\n  GET /v1/decision?msisdn={msisdn}&channel={channel}&slot={slot}&explain=1")
    print(f"    -> {offer}   decision {d['decision_id']}")
    print(f"    why: {e['summary']}")
    eligible = ", ".join(f"{x['campaign']} ({x['result']})" for x in e["eligible"])
    print(f"    eligible: {eligible or 'none'}")
    if e["filtered"]:
        print("    filtered: " + ", ".join(f"{x['campaign']} by {x['rule']}" for x in e["filtered"][:4]))
    skipped = "; ".join(f"{x['campaign']}: {x['detail']}" for x in e["not_eligible"][:3])
    print(f"    not eligible ({len(e['not_eligible'])}), e.g. {skipped}")
    return d


print("  GET /healthz ->", call("/healthz")[1])
triggers = json.loads(call(f"/v1/subscribers/{who}/triggers", ADMIN)[1])
print(f"  {who}'s live triggers (stream time {triggers['now']}):")
for t in triggers["triggers"]:
    print(f"    {t['trigger']:<20} priority {t['priority']:>3}  until {t['expires']}  "
          f"{json.dumps(t['attributes'])}")

first = decide(who, "app", "home_banner")
for line in open(subscribers).read().splitlines()[1:3]:
    decide(line.split(",")[0], "app", "home_banner")
decide(who, "sms", "daily")  # a push channel at night: its slot is closed, quiet hours apply too

if first.get("campaign"):
    print("\n  POST /v1/feedback: impression, click, and the click again (counted once)")
    for event in ("impression", "click", "click"):
        code, body = call("/v1/feedback", body={"decision_id": first["decision_id"], "event": event})
        print(f"    {event:<10} -> {code} {json.loads(body)['status']}")
print("\n  GET /v1/decision without a token ->",
      *call(f"/v1/decision?msisdn={who}&channel=app&slot=home_banner", None))
print("  GET /v1/campaigns with the channel token ->", *call("/v1/campaigns"))
code, csv = call("/v1/push?channel=sms&date=2026-11-10", ADMIN)
rows = csv.splitlines()
print(f"  GET /v1/push?channel=sms&date=2026-11-10 (admin) -> {code}: {len(rows) - 1} subscribers "
      f"on tomorrow's SMS list; the first: {rows[1] if len(rows) > 1 else '-'}")
for line in call("/metrics")[1].splitlines():
    if line.startswith(("ripple_stream_records_total", "ripple_triggers_total",
                        "ripple_decisions_total", "ripple_decision_offers_total",
                        "ripple_decision_controls_total", "ripple_feedback")):
        print("  " + line)
