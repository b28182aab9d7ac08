"""Reads the center's "indicators received" collection with the OASIS TAXII 2.1 client (taxii2client.v21).

Usage: taxii_received_check.py URL EMAIL TOKEN EXPECTED_INDICATORS ADDED_AFTER
Prints one JSON line of what it saw; exits non-zero on the first thing that is not as TAXII 2.1 says.
"""
import json
import sys

from taxii2client.v21 import Server, as_pages

url, email, token, expected, added_after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

server = Server(url, user=email, password=token)  # HTTP Basic: e-mail and API token
root = server.default
received = [c for c in root.collections if c.title == "Indicators received"]
assert len(received) == 1, [c.title for c in root.collections]
collection = received[0]
assert collection.can_read and not collection.can_write

pages = list(as_pages(collection.get_objects, per_request=2))
objects = [o for page in pages for o in page.get("objects", [])]
assert len(pages) > 1, "several pages"
assert all(o["type"] == "indicator" and o["pattern_type"] == "stix" for o in objects)
ids = [(o["id"], o["modified"]) for o in objects]
assert len(ids) == len(set(ids)) == expected, (len(ids), expected)

manifest = [e for page in as_pages(collection.get_manifest, per_request=2) for e in page.get("objects", [])]
assert sorted((e["id"], e["version"]) for e in manifest) == sorted(ids), "manifest = objects"

later = collection.get_objects(added_after=added_after).get("objects", [])
assert 0 < len(later) < len(objects), (len(later), len(objects))

first = objects[0]["id"]
assert collection.get_object(first)["objects"][0]["id"] == first
assert collection.object_versions(first)["versions"] == [objects[0]["modified"]], "one version"

print(json.dumps({"pages": len(pages), "objects": len(objects), "later": len(later)}))
