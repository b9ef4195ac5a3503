#!/usr/bin/env python3
"""Baseline: the Python approach (AWS's apachelog-to-json blueprint), standard library only.

A regex per line, json.dumps per object, base64 per record, as the blueprint does, but
with firelog's schema and record contract so that the outputs can be compared. Usage:

    transform.py [--repeat N] EVENT.json

Prints the response of the last run on stdout and {"runs_ms": [...]} on stderr.
"""
import base64
import binascii
import datetime
import json
import re
import sys
import time

# The blueprint's regex, widened to firelog's grammar (it rejects `-` sizes and escapes).
LINE = re.compile(
    rb'^([^ ]+) ([^ ]+) ([^ ]+) \[([^\]]*)\] "((?:[^"\\]|\\.)*)" ([0-9]{3}) ([0-9]+|-)'
    rb'(?: "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)")?$',
    re.S,
)
UNESCAPE = re.compile(r'\\(["\\])')


def text(b, unescape=False):
    s = b.decode("utf-8", "backslashreplace")
    return UNESCAPE.sub(r"\1", s) if unescape else s


def absent(b, unescape=False):
    if b is None or b == b"-":
        return None
    return text(b, unescape)


def user_field(b):
    if b == b"-":
        return None
    if b == b'""':
        return ""
    return text(b)


def parse(line):
    m = LINE.match(line)
    if not m:
        return None
    host, ident, user, ts, request, status, size, referer, agent = m.groups()
    try:
        t = datetime.datetime.strptime(ts.decode("ascii"), "%d/%b/%Y:%H:%M:%S %z")
    except (ValueError, UnicodeDecodeError):
        return None
    utc = t.astimezone(datetime.timezone.utc)
    nbytes = 0 if size == b"-" else int(size)
    if nbytes >= 1 << 64:
        return None
    parts = request.split(b" ")
    if len(parts) == 3:
        method, path, protocol = (text(p, True) for p in parts)
    elif len(parts) == 2:
        method, path, protocol = text(parts[0], True), text(parts[1], True), None
    else:
        method = path = protocol = None
    return {
        "host": text(host),
        "ident": user_field(ident),
        "user": user_field(user),
        "timestamp": utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "method": method,
        "path": path,
        "protocol": protocol,
        "request": text(request, True),
        "status": int(status),
        "bytes": nbytes,
        "referer": absent(referer, True),
        "user_agent": absent(agent, True),
    }


def transform_record(data):
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return "ProcessingFailed", data
    out = []
    for line in raw.split(b"\n"):
        if line.endswith(b"\r"):
            line = line[:-1]
        if not line.strip(b" \t"):
            continue
        obj = parse(line)
        if obj is None:
            return "ProcessingFailed", data
        out.append(json.dumps(obj, separators=(",", ":")) + "\n")
    if not out:
        return "Dropped", data
    return "Ok", base64.b64encode("".join(out).encode("utf-8")).decode("ascii")


def handler(event):
    records = []
    for r in event["records"]:
        result, data = transform_record(r["data"])
        records.append({"recordId": r["recordId"], "result": result, "data": data})
    return {"records": records}


def main():
    args = sys.argv[1:]
    repeat = 1
    if len(args) >= 2 and args[0] == "--repeat":
        repeat, args = int(args[1]), args[2:]
    raw = open(args[0], "rb").read()
    runs = []
    response = b""
    for _ in range(repeat):
        start = time.perf_counter()
        # As on Lambda: the event arrives as JSON text and leaves as JSON text.
        response = json.dumps(handler(json.loads(raw)), separators=(",", ":"))
        runs.append((time.perf_counter() - start) * 1000)
    sys.stdout.write(response + "\n")
    sys.stderr.write(json.dumps({"runs_ms": runs}) + "\n")


if __name__ == "__main__":
    main()
