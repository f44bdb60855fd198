"""What OWSLib (Debian's python3-owslib) reads from the service.

Run by TestOWSLib with the server's URL; prints one JSON object the test
compares with the API's own answers.
"""
import json
import sys

from owslib.ogcapi.features import Features

url = sys.argv[1]
w = Features(url)
out = {"landing_links": len(w.links)}
out["conformance"] = w.conformance()["conformsTo"]
out["collections"] = w.feature_collections()
out["queryables"] = sorted(w.collection_queryables("incidents")["properties"])


def ids(**kw):
    r = w.collection_items("incidents", **kw)
    return {"ids": [f["id"] for f in r["features"]], "matched": r.get("numberMatched")}


out["all"] = ids(limit=100)
out["page"] = ids(limit=2, offset=2)
out["bbox"] = ids(bbox=[38, 32, 43, 38], limit=100)
out["filter"] = ids(filter="fatalities > 10", limit=100)
out["filter_lang"] = ids(filter="fatalities > 10", **{"filter-lang": "cql-text"}, limit=100)
out["datetime"] = ids(datetime="2021-01-01/9999-12-31T00:00:00Z", limit=100)
print(json.dumps(out))
