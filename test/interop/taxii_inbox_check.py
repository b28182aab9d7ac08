"""Posts to a body's TAXII inbox with the OASIS TAXII 2.1 client (taxii2client.v21) and reads the statuses back.

Usage: taxii_inbox_check.py URL EMAIL TOKEN INCIDENT_NUMBER
Prints one JSON line of what it saw; exits non-zero on the first thing that is not as TAXII 2.1 says.
"""
import json
import sys

from taxii2client.v21 import Server, Status

url, email, token, number = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
TS = "2026-11-20T01:02:03.000Z"

server = Server(url, user=email, password=token)  # HTTP Basic: e-mail and API token
root = server.default
inboxes = [c for c in root.collections if c.can_write]
assert len(inboxes) == 1, [c.title for c in root.collections]
inbox = inboxes[0]
assert not inbox.can_read and "Inbox" in inbox.title, inbox.title


def indicator(n, pattern):
    return {
        "type": "indicator",
        "spec_version": "2.1",
        "id": "indicator--6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f30%02d" % n,
        "created": TS,
        "modified": TS,
        "pattern": pattern,
        "pattern_type": "stix",
        "valid_from": TS,
    }


a = indicator(1, "[ipv4-addr:value = '203.0.113.77']")
b = indicator(2, "[domain-name:value = 'c2.例え.jp']")
bad = indicator(3, "[ipv4-addr:value = '203.0.113.78']")
del bad["pattern"]
report = {
    "type": "report",
    "spec_version": "2.1",
    "id": "report--6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3099",
    "created": TS,
    "modified": TS,
    "name": "Seen at our gateway",
    "published": TS,
    "object_refs": [a["id"], b["id"], bad["id"]],
    "external_references": [{"source_name": "renraku", "external_id": number}],
}
envelope = {"objects": [report, a, b, bad]}

status = inbox.add_objects(envelope)  # polls the status service until complete
assert status.status == "complete", status.status
assert (status.total_count, status.success_count, status.failure_count, status.pending_count) == (4, 3, 1, 0), (
    status.total_count, status.success_count, status.failure_count, status.pending_count)
assert [f["id"] for f in status.failures] == [bad["id"]], status.failures
assert all("version" in s and "id" in s for s in status.successes)

# The status service, on its own URL, as a client polls it later.
polled = Status(status.url, user=email, password=token)
assert polled.id == status.id and polled.success_count == 3 and polled.failure_count == 1

# The same envelope again: successes, nothing added (the caller checks the incident).
replay = inbox.add_objects(envelope)
assert replay.id != status.id
assert (replay.success_count, replay.failure_count) == (3, 1)
assert all(s.get("message") == "received before; nothing added" for s in replay.successes), replay.successes

print(json.dumps({"successes": status.success_count, "failures": status.failure_count, "replayed": replay.success_count}))
