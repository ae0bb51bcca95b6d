#!/usr/bin/python3
"""Judges BackupPortal's exports with real Cinder code (Debian's python3-cinder).

Reads JSON lines {"name": ..., "backup_url": ...} on standard input. For each, runs Cinder's own
Backup.decode_record on the portal's backup_url, builds a Backup object from the decoded fields,
runs Cinder's own encode_record on it, and writes one JSON line: the decoded fields, Cinder's
backup_url, and whether it is byte-identical to the portal's.
"""
import json
import sys

from cinder import objects

objects.register_all()


def judge(item):
    url = item["backup_url"]
    try:
        decoded = objects.Backup.decode_record(url)
        fields = dict(decoded)
        driver_info = fields.pop("driver_info")
        backup = objects.Backup()
        for name, field in objects.Backup.fields.items():
            if name != "parent":
                setattr(backup, name, field.from_primitive(backup, name, fields[name]))
        cinder_url = backup.encode_record(driver_info=driver_info)
        return {"name": item["name"], "decoded": decoded, "cinder_url": cinder_url,
                "identical": cinder_url == url, "error": None}
    except Exception as error:  # reported to the test, which fails with it
        return {"name": item["name"], "decoded": None, "cinder_url": None,
                "identical": False, "error": "%s: %s" % (type(error).__name__, error)}


for line in sys.stdin:
    if line.strip():
        print(json.dumps(judge(json.loads(line))), flush=True)
