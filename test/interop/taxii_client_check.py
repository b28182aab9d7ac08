"""Drives Renraku's TAXII 2.1 server with the OASIS TAXII 2.1 client (taxii2client.v21), as a consumer would.

Usage: taxii_client_check.py URL EMAIL TOKEN EXPECTED_REPORTS ADDED_AFTER
Prints one JSON line of what it saw; exits non-zero on the first thing that is not as TAXII 2.1 says.
"""
import json
import sys

from taxii2client.v21 import Server, as_pages

url, email, token, expected, added_after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]

server = Server(url, user=email, password=token)  # HTTP Basic: e-mail and API token
assert server.title, "discovery has a title"
assert len(server.api_roots) == 1, "one API root"
root = server.default
assert "application/taxii+json;version=2.1" in root.versions, root.versions
collections = root.collections
# A reporter has its shares to read and its body's inbox to write to.
assert [(c.title, c.can_read, c.can_write) for c in collections] == [
    ("Shares for me", True, False),
    ("報告の受付 / Inbox to the center", False, True),
], [c.title for c in collections]
collection = collections[0]

# Paging with next, two objects a page.
pages = list(as_pages(collection.get_objects, per_request=2))
objects = [o for page in pages for o in page.get("objects", [])]
assert len(pages) > 1, "several pages"
ids = [(o["id"], o["modified"]) for o in objects]
assert len(ids) == len(set(ids)), "no version twice"
reports = [o for o in objects if o["type"] == "report"]
assert len(reports) == expected, (len(reports), expected)

# The manifest, paged the same way, lists the same versions.
manifest = [e for page in as_pages(collection.get_manifest, per_request=2) for e in page.get("objects", [])]
assert sorted((e["id"], e["version"]) for e in manifest) == sorted(ids), "manifest = objects"

# added_after: only what was added since.
later = collection.get_objects(added_after=added_after).get("objects", [])
assert 0 < len(later) < len(objects), (len(later), len(objects))

# One object, and its versions.
first = objects[0]["id"]
assert collection.get_object(first)["objects"][0]["id"] == first
assert collection.object_versions(first)["versions"], "versions"

# The kinds a share carries beyond observables' own types: a CVE id as a vulnerability with its cve reference,
# a user agent and a free observable as indicators of their patterns.
vulnerabilities = [
    o for o in objects
    if o["type"] == "vulnerability"
    and o["external_references"] == [{"source_name": "cve", "external_id": o["name"]}]
]
patterns = [o["pattern"] for o in objects if o["type"] == "indicator"]
user_agents = [p for p in patterns if p.startswith("[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = ")]
observables = [p for p in patterns if p.startswith("[x-renraku-observable:value = ")]

print(json.dumps({
    "pages": len(pages),
    "objects": len(objects),
    "reports": len(reports),
    "later": len(later),
    "vulnerabilities": len(vulnerabilities),
    "userAgents": len(user_agents),
    "observables": len(observables),
}))
