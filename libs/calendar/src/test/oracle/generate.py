#!/usr/bin/env python3
r"""Regenerates the systemd oracle table for ironcore-calendar's tests.

For every case (expression, default zone, base time, iterations) this runs

    TZ=<zone> systemd-analyze calendar --iterations=N --base-time=@<base> <expression>

and records systemd's normalized form and next elapses, or its rejection. systemd-analyze prints
elapses to the second only, so the same computation is repeated in-process through
libsystemd-shared (calendar_spec_from_string / calendar_spec_next_usec, the functions
systemd-analyze itself calls) to get exact microseconds; the two must agree (same normalized form,
same elapses to the second) or the script aborts.

Usage (from anywhere; needs systemd-analyze and libsystemd-shared of the systemd to mirror):

    python3 generate.py                      # rewrites ../resources/systemd-oracle.tsv
    python3 generate.py --out FILE           # writes elsewhere
    python3 generate.py --fuzz 20000 --seed 7 [--zones all|Z1,Z2] [--no-analyze] --out FILE
        # random and mutated expressions only (--zones: zone-focused), for differential runs:
    mvn -f libs/calendar/pom.xml test -Dtest=OracleTableTest -Dcalendar.oracle=FILE

The committed table is deterministic for a given systemd: curated cases (every syntax element,
shortcuts, leap years, '~', repetition edges, month ends, year ranges, DST changes in several
zones and years, the UTC suffix, invalid expressions) plus a seeded random sample.

Output: a TSV file, '#' lines are comments; columns:
    expression (backslash, tab, CR, LF written as \\ \t \r \n), default zone,
    base (ISO-8601 UTC), normalized form or '!invalid',
    elapses (space separated ISO-8601 UTC instants; 'never' if there is none; a final 'end' if
    systemd found fewer than asked for) or, for '!invalid', systemd's error text.
"""

import argparse
import ctypes
import ctypes.util
import datetime
import glob
import os
import random
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "resources", "systemd-oracle.tsv")
USEC = 1_000_000
GAVE_UP = object()

# --------------------------------------------------------------------------------------------
# systemd access


def find_libsystemd_shared():
    pats = ["/usr/lib/*/systemd/libsystemd-shared-*.so", "/usr/lib/systemd/libsystemd-shared-*.so",
            "/lib/*/systemd/libsystemd-shared-*.so", "/usr/lib64/systemd/libsystemd-shared-*.so"]
    for p in pats:
        found = sorted(glob.glob(p))
        if found:
            return found[0]
    sys.exit("libsystemd-shared not found; it ships with systemd")


class Systemd:
    def __init__(self):
        self.lib = ctypes.CDLL(find_libsystemd_shared())
        self.libc = ctypes.CDLL(ctypes.util.find_library("c"))
        L = self.lib
        L.calendar_spec_from_string.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
        L.calendar_spec_from_string.restype = ctypes.c_int
        L.calendar_spec_to_string.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
        L.calendar_spec_to_string.restype = ctypes.c_int
        L.calendar_spec_next_usec.argtypes = [ctypes.c_void_p, ctypes.c_uint64, ctypes.POINTER(ctypes.c_uint64)]
        L.calendar_spec_next_usec.restype = ctypes.c_int
        L.calendar_spec_free.argtypes = [ctypes.c_void_p]
        L.calendar_spec_free.restype = ctypes.c_void_p
        self.libc.free.argtypes = [ctypes.c_void_p]
        out = subprocess.run(["systemd-analyze", "--version"], capture_output=True, text=True).stdout
        self.version = out.splitlines()[0] if out else "unknown"

    def exact(self, expr, zone, base_usec, n):
        """(normalized, [usec...]) or (None, errno text) computed in-process."""
        os.environ["TZ"] = zone
        time.tzset()
        spec = ctypes.c_void_p()
        r = self.lib.calendar_spec_from_string(expr.encode(), ctypes.byref(spec))
        if r < 0:
            return None, os.strerror(-r)
        buf = ctypes.c_void_p()
        self.lib.calendar_spec_to_string(spec, ctypes.byref(buf))
        normalized = ctypes.string_at(buf.value).decode()
        self.libc.free(buf)
        out = []
        u = base_usec
        for _ in range(n):
            nxt = ctypes.c_uint64()
            r = self.lib.calendar_spec_next_usec(spec, u, ctypes.byref(nxt))
            if r < 0:
                break
            out.append(nxt.value)
            u = nxt.value
        self.lib.calendar_spec_free(spec)
        return normalized, out

    @staticmethod
    def analyze(expr, zone, base_usec, n):
        """(normalized, [epoch seconds...]) or (None, error text) from systemd-analyze."""
        base = "@%d.%06d" % divmod(base_usec, USEC)
        env = dict(os.environ, TZ=zone, SYSTEMD_COLORS="0", SYSTEMD_PAGER="")
        p = subprocess.run(["systemd-analyze", "calendar", "--iterations=%d" % n, "--base-time=" + base, "--", expr],
                           capture_output=True, text=True, env=env)
        if p.returncode != 0 and "Failed to determine next elapse" in p.stderr and "Normalized form:" not in p.stdout:
            # systemd gave up after 1000 steps (MAX_CALENDAR_ITERATIONS, "Resource deadlock
            # avoided"); systemd-analyze then prints nothing else. Like "never": no next elapse.
            return GAVE_UP, None
        if p.returncode != 0 and "Normalized form:" not in p.stdout:
            m = re.search(r"Failed to parse calendar specification '.*': (.*)", p.stderr, re.S)
            if not m:
                raise RuntimeError("unexpected systemd-analyze failure for %r: %s" % (expr, p.stderr))
            return None, m.group(1).splitlines()[0].strip()
        normalized = None
        secs = []
        utc_lines = zone != "UTC"
        for line in p.stdout.splitlines():
            line = line.strip()
            if line.startswith("Normalized form:"):
                normalized = line[len("Normalized form:"):].strip()
                continue
            key, _, value = line.partition(": ")
            if value == "never":
                continue
            if (utc_lines and key == "(in UTC)") or (not utc_lines and (key == "Next elapse" or key.startswith("Iter. #"))):
                dt = datetime.datetime.strptime(value, "%a %Y-%m-%d %H:%M:%S UTC")
                secs.append(int(dt.replace(tzinfo=datetime.timezone.utc).timestamp()))
        if normalized is None:
            raise RuntimeError("no normalized form for %r: %s" % (expr, p.stdout))
        if p.returncode != 0:
            raise RuntimeError("unexpected systemd-analyze failure for %r: %s" % (expr, p.stderr))
        return normalized, secs


def escape(expr):
    """Backslash, tab, CR and LF are written as \\\\, \\t, \\r and \\n in the expression column."""
    return expr.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def iso(usec):
    s, us = divmod(usec, USEC)
    dt = datetime.datetime.fromtimestamp(s, datetime.timezone.utc)
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if us:
        text += (".%06d" % us).rstrip("0")
    return text + "Z"


def usec_of(text):
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z", text)
    if not m:
        raise ValueError(text)
    dt = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    frac = int((m.group(2) or "0").ljust(6, "0"))
    return int(dt.timestamp()) * USEC + frac


# --------------------------------------------------------------------------------------------
# Cases: (expression, default zone, base, iterations)

PRODUCT = ["02:00", "*-*-* 02:00", "Mon..Fri 18:00", "Sun 03:00", "*-*-01 03:00", "hourly", "daily", "weekly"]

SHORTCUTS = ["minutely", "hourly", "daily", "weekly", "monthly", "yearly", "annually", "anually", "quarterly",
             "semiannually", "semi-annually", "biannually", "bi-annually",
             "DAILY", "Weekly", "hOuRlY", "Quarterly", "SemiAnnually"]

WEEKDAYS = [
    "Mon", "Monday", "Tue", "Tuesday", "Wed", "Wednesday", "Thu", "Thursday", "Fri", "Friday",
    "Sat", "Saturday", "Sun", "Sunday", "mon", "SUNDAY", "fRiDaY",
    "Mon..Fri", "Mon..Fri 18:00", "Sat,Sun", "Sat..Sun 10:00", "Mon,Wed,Fri 07:30", "Mon-Fri 08:00",
    "Mon..Wed,Fri..Sun", "Mon,Tue,Wed,Thu,Fri 22:00", "Mon,Tue", "Mon..Tue", "Mon..Wed",
    "Mon..Sun", "Mon,Tue,Wed,Thu,Fri,Sat,Sun 12:00", "Sun,Mon", "Sat,Sun,Mon", "Tue..Thu,Sat",
    "Mon..Mon", "Fri..Fri 23:59", "Monday..Friday 06:00", "mon..wednesday", "Mon,", "Mon, 12:00",
    "Mon  12:00", "Wed,Wed,Wed", "Thu..Sat,Tue", "Mon,Thu..Fri", "Sun *-*-* 03:00",
    "Fri *-*-13", "Fri *-*-13 13:13", "Mon *-*-01..07 09:00", "Sun *-*~07/1 04:00", "Sat *-*-22..28 02:00",
    "Mon 2026-*-* 00:00", "Sun 2027-02-29", "Mon *-02-29", "Tue *-02-29 12:00",
]

DATES = [
    "*-*-*", "*-*-* 00:00:00", "2026-06-15", "2026-06-15 12:34:56", "2026-*-*", "26-06-15", "70-01-01",
    "99-12-31", "69-12-31 23:59", "2199-12-31 23:59:59", "2100-02-28", "2030-01-01 00:00:01",
    "*-01-01", "*-12-31 23:59:59", "12-25", "12-25 08:00", "*-*-1", "*-*-01", "*-*-31", "*-*-30",
    "*-*-29", "*-02-28", "*-02-29", "*-02-29 12:00", "*-02-30", "*-02-31", "*-04-31", "*-*-1,15",
    "*-*-1..7", "*-*-1/7", "*-*-*/2", "*-*-2/2", "*-*-1..31/10", "*-1,4,7,10-1", "*-1..12/3-1",
    "*-01/2-01", "*-*-5..20/5", "*-06..08-*", "*-*-10..15,20..25 06:00", "2026..2028-02-29",
    "2026..2030/2-01-01", "2024,2028,2032-02-29", "2026-1..3-1", "2027..2026-01-01",
    "2026,2027-06-01 12:00", "2026..2027-*-01", "2199-*-*", "*-2-29 00:00", "2026-1-1",
    "*-*-* *:*:*", "2026-12-31 23:59:59", "2028-02-29 23:59:59", "*-03-31", "*-*-28..31",
    "*-02,04,06,09,11-31", "*-*-31 12:00", "*-1..12-31", "*-01..03,10..12-15", "*-*-15 *:00",
    "2000..2100/25-01-01", "1970..2199/100-06-01", "*-*~01", "*-*~1", "*-*~02", "*-*~28",
    "*-02~01", "*-02~03", "*-02~28", "*-02~1..3", "*-*~01,15", "*-*~1..7", "*-*~07/1", "*-*~07/2",
    "*-*~10/3", "*-05~07/1", "Mon *-05~07/1", "*-*~03..07", "*-*~1,2,3 12:00", "02~03", "*~01",
    "2026-02~01", "2028-02~01", "*-04~01", "*-12~31", "*-12~29", "*-*~05/2 23:00", "Fri *-*~07/1",
    "*-*~01..03", "*-*~28/5", "*-*~14..28/7", "*-02~*",
]

TIMES = [
    "00:00", "02:00", "23:59", "23:59:59", "12:34:56", "*:00", "*:30", "*:*", "*:*:*", "*:*:00",
    "*:0/15", "*:00/15", "*:0/5", "*:5/10", "*:44/15", "*:0/1", "*:0/59", "*:0/30", "*:15,45",
    "*:0..30/10", "*:10..50/20", "*:0..59", "8..17:00", "8..17/2:00", "8..17:00/30", "0/6:00",
    "0/23:00", "*/2:00", "00..23/6:00", "10..20/15:00", "9,12,18:00", "9,12,18:15,45",
    "*:*:0/10", "*:*:30", "*:*:0,30", "*:*:0..59/15", "*:*:5..10", "*:*:*", "12:00:00",
    "*:*:0.5", "*:*:0.5/0.25", "*:*:1.1234567", "*:*:1.9999995", "*:*:10..11.5", "*:*:10.25..15",
    "*:*:0..5/0.5", "*:*:59.999999", "*:*:*/0.1", "*:*:1/0.000001", "*:*:2.5,7.25", "*:*:0/1",
    "*:*:0/1,5", "*:*:0/1.5", "*:*:00.000001", "12:00:07.5", "12:*:00/7.5",
    "1:2", "1:2:3", "01:02:03", "0:0:0", "23:59:59.5", "*:59:59", "*-*-* *:59:59.9",
    "*-*-* 0,12:00", "*-*-* 6,18:30", "*-*-* 00:00/20", "*-*-* 03..05:00,30",
]

YEARLY = ["2026-*-* 12:00", "2025..2027-*-01 00:00", "2030-06-01", "*-*-* 12:00 UTC", "2099-12-31 23:59:59",
          "2199-12-31 23:59:59", "2199-*-*", "2190..2199/3-01-01", "2026/100-01-01", "1970..2199/50-01-01"]

ZONES_SUFFIX = [
    "*-*-* 02:30 Europe/Berlin", "*-*-* 02:30 America/New_York", "daily UTC", "daily utc", "hourly UTC",
    "Mon..Fri 18:00 UTC", "*-*-* 00:00 Asia/Kolkata", "*-*-* 00:00 Asia/Tokyo", "weekly Europe/London",
    "monthly America/Los_Angeles", "*:0/15 Australia/Lord_Howe", "*-*-* 12:00 Pacific/Chatham",
    "*-*-* 12:00 Etc/GMT-14", "*-*-* 12:00 Etc/GMT+12", "*-*-* 12:00 Etc/UTC", "*-*-* 12:00 GMT",
    "*-*-* 12:00 Zulu", "*-*-* 12:00 UCT", "*-*-* 12:00 Universal", "*-*-* 12:00 CET", "*-*-* 12:00 EET",
    "*-*-* 12:00 WET", "*-*-* 12:00 MET", "*-*-* 12:00 EST5EDT", "*-*-* 12:00 PST8PDT", "*-*-* 12:00 EST",
    "*-*-* 12:00 MST", "*-*-* 12:00 HST", "*-*-* 12:00 GMT+0", "*-*-* 12:00 GMT-0", "*-*-* 12:00 GMT0",
    "*-*-* 12:00 ROC", "*-*-* 12:00 posixrules", "*-*-* 12:00 US/Eastern", "*-*-* 12:00 Europe/Kyiv",
    "*-*-* 12:00 America/Argentina/Buenos_Aires", "*-*-* 02:00 posix/Europe/Berlin", "Mon Europe/Berlin",
    "*-*-* 12:00 Factory", "2026-07-01 Asia/Kathmandu", "@1785000000 Europe/Berlin", "@0 UTC",
    "*-*-* 12:00 UTC", "*-*-* 12:00 uTc", "12:00 Europe/Berlin", "Sat,Sun 10:00 America/Sao_Paulo",
    "*-*-* 12:00 Europe/Dublin", "*-*-* 12:00 Africa/Casablanca", "*-*-* 12:00 Australia/Sydney",
    "*-*-* 12:00 Pacific/Kiritimati", "*-*-* 23:30 Asia/Tehran", "*-*-* 00:00 America/St_Johns",
]

TIMESTAMPS = ["@0", "@1", "@ 5", "@+5", "@-0", "@1234567890", "@1785000000", "@7258118399", "Mon @1785000000",
              "Sat @1785000000", "@1785000000 UTC"]

INVALID = [
    "", " ", "UTC", " UTC", "daily  UTC", "Sunn 01:00", "Mo 12:00", "Foo", "foo bar", "Fri..Mon 01:00",
    "Sun..Sat", "Mon..Wed..Fri", "Mon..", "Mon.. 12:00", "Mon.Tue", "Mon-Wed-Fri", "Mon,,Tue", "Mon,12:00",
    "Mon..Fri,", "Monx", "Mondays", "Mon,Foo", " Mon", "12", "12 ", "12:00 ", "12:", ":00", "12:00:",
    "12:00:00:00", "24:00", "23:60", "*:60", "*:*:60", "*:*:59.9999995", "25:00", "-1:00", "1.5:00",
    "12:00.5", "*-13-01", "*-00-01", "*-*-00", "*-*-32", "*-*~00", "*-*~29", "*-*~31", "1969-01-01",
    "2200-01-01", "100-01-01", "2026-02-29-01", "2026~02-01", "2026-02~01-01", "02~03-04", "*-*-*/0",
    "*:0/0", "*:*:0/0", "*:50/15", "*:45/15", "*:59/1", "0/24:00", "*:0/60", "*:*:0/60", "*-*-1/31",
    "*-*-2/30", "*-1/12-01", "*-*~07/7", "*-*~07/8", "*-*~03..07/5", "*-*-5..3", "*-12..1-01",
    "2027..2026-*-*", "*:*:10.5..11", "*:*:5..5.5", "*:*:1.", "*:*:.5", "*:*:1..", "*:*:*/2",
    "*/2-*-*", "*-*/2-*", "*,1-*-*", "*-*-*,1", "**", "*-*-* *", "*-*-* 12", "*-*-*T12:00",
    "2026-01-01T12:00", "2026/01/01", "2026.01.01", "12.00", "1-2-3-4", "1-2-3 4", "12:00 Europe/Nowhere",
    "12:00 europe/berlin", "12:00 Europe//Berlin", "12:00 Europe/Berlin/", "Europe/Berlin",
    " Europe/Berlin", "12:00 CEST", "12:00 EDT", "12:00 PST",
    "hourly Europe/Nowhere", "daily,weekly", "dailyy", "daily 12:00", "weekly Mon", "@", "@x", "@-5",
    "@1.5", "@7258118400", "@99999999999999999999999", "@12 12:00", "99999999999-01-01",
    "*:99999999999", "*:*:99999999999", "*:*:2147.4836475", "Mon\tTue", "12:00\t", "Mön 12:00",
    "daıly", "１２:００", "*-*-*  12:00 UTC x", "Mon..Fri 18:00 Foo", "12:00,13:00", "12:00 13:00",
    "*-*-* 12:00:00 PM", "now", "today", "tomorrow", "+5min", "-", "~", "..", ",", ":", "/",
    "Mon Tue", "Mon-", "Mon-12-01", "Mon-*-*", "Mon..Fri..Sun 12:00", "2026-01-01 12:00 +01:00",
]

DST_EXPRS = [
    "*-*-* 02:30", "*-*-* 02:00", "*-*-* 03:00", "*-*-* 01:30", "*-*-* 01:00", "*-*-* 02:59:59",
    "*-*-* 00:30", "hourly", "*:0/15", "*:30", "daily", "*-*-* 00/2:00", "*-*-* 01..03:00,30",
    "*-*-* 01,02,03:30", "Sun 02:30", "Sun *-*-* 01:30", "*-*-* *:*:0/20", "*-*-* 02:15,45",
    "*-*-* 01:59:59", "*-*-* 03:00:00", "*-*-* 02..03:*:00", "minutely",
]

# (zone, list of transition-ish instants). Not here: offset changes where both sides have the same
# tm_isdst (e.g. Europe/Moscow 2011 and 2014): there glibc's mktime() resolves a local time by its
# per-process guess, so systemd's answer depends on what the process computed before (the in-process
# library and systemd-analyze disagree); see docs/design/calendar.md.
DST_ZONES = {
    "Europe/Berlin": ["2024-03-31T01:00:00Z", "2024-10-27T01:00:00Z", "2025-03-30T01:00:00Z",
                      "2025-10-26T01:00:00Z", "2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z",
                      "2027-03-28T01:00:00Z", "2027-10-31T01:00:00Z", "2037-10-25T01:00:00Z",
                      "2100-03-28T01:00:00Z"],
    "America/New_York": ["2024-03-10T07:00:00Z", "2024-11-03T06:00:00Z", "2025-03-09T07:00:00Z",
                         "2025-11-02T06:00:00Z", "2026-03-08T07:00:00Z", "2026-11-01T06:00:00Z",
                         "2027-03-14T07:00:00Z", "2027-11-07T06:00:00Z", "2040-03-11T07:00:00Z"],
    "Australia/Lord_Howe": ["2026-04-04T15:00:00Z", "2026-10-03T15:30:00Z"],
    "America/Santiago": ["2026-04-05T03:00:00Z", "2026-09-06T04:00:00Z"],
    "Europe/Dublin": ["2026-03-29T01:00:00Z", "2026-10-25T01:00:00Z"],
    "America/Havana": ["2026-03-08T05:00:00Z", "2026-11-01T05:00:00Z"],
    "Pacific/Apia": ["2011-12-30T10:00:00Z"],
    "Asia/Beirut": ["2026-03-28T22:00:00Z", "2026-10-24T21:00:00Z"],
    "Africa/Casablanca": ["2026-02-15T02:00:00Z", "2026-03-22T02:00:00Z"],
}

BASES = ["2026-01-15T10:00:00Z", "2026-02-28T23:59:59Z", "2027-12-31T23:59:59.5Z", "2028-02-28T12:00:00Z",
         "2026-06-30T23:00:00.000001Z", "2031-07-15T04:05:06.789Z"]


def shift(iso_text, seconds):
    return iso(usec_of(iso_text) + seconds * USEC)


def curated_cases():
    cases = []
    add = lambda e, z="UTC", b="2026-01-15T10:00:00Z", n=5: cases.append((e, z, b, n))

    # Product page examples, in UTC and in two DST zones, around the DST changes too.
    for e in PRODUCT:
        for z, b in [("UTC", "2026-01-15T10:00:00Z"), ("UTC", "2026-12-31T23:30:00Z"),
                     ("Europe/Berlin", "2026-03-27T12:00:00Z"), ("Europe/Berlin", "2026-10-24T12:00:00Z"),
                     ("America/New_York", "2026-03-07T12:00:00Z"), ("America/New_York", "2026-10-31T12:00:00Z")]:
            add(e, z, b, 6)
    # The documented DST examples.
    add("*-*-* 02:30 Europe/Berlin", "UTC", "2026-03-28T23:00:00Z", 4)
    add("*-*-* 01:30 America/New_York", "UTC", "2026-11-01T04:00:00Z", 4)
    add("*-*-* 01:30 America/New_York", "UTC", "2026-11-01T06:00:00Z", 4)
    add("*-02-30 00:00", "UTC", "2026-01-15T10:00:00Z", 3)

    for e in SHORTCUTS:
        for b in BASES[:4]:
            add(e, "UTC", b, 5)
        add(e + " UTC", "UTC", "2026-05-05T05:05:05Z", 3)
        add(e + " Europe/Berlin", "UTC", "2026-10-24T20:00:00Z", 4)
        add(e, "America/New_York", "2026-03-07T20:00:00Z", 4)
    for e in WEEKDAYS:
        add(e, "UTC", "2026-01-15T10:00:00Z", 6)
        add(e, "Europe/Berlin", "2027-10-29T12:00:00Z", 4)
    for e in DATES:
        add(e, "UTC", "2026-01-15T10:00:00Z", 6)
        add(e, "UTC", "2027-12-31T23:59:59.5Z", 6)
        add(e, "Asia/Tokyo", "2028-02-27T16:00:00Z", 4)
    for e in TIMES:
        add(e, "UTC", "2026-01-15T10:00:00Z", 6)
        add(e, "UTC", "2026-12-31T23:58:59.999999Z", 6)
        add(e, "America/New_York", "2026-11-01T05:55:00Z", 5)
    for e in YEARLY:
        add(e, "UTC", "2026-01-15T10:00:00Z", 5)
        add(e, "UTC", "2199-12-31T23:00:00Z", 3)
    # (Default zone Asia/Tokyo, not one whose abbreviations (CET, EST, ...) appear as suffixes: systemd
    # reads the abbreviations of its own $TZ as "this zone, DST on/off", which we do not mirror.)
    for e in ZONES_SUFFIX:
        add(e, "UTC", "2026-03-28T23:00:00Z", 5)
        add(e, "UTC", "2026-10-31T12:00:00Z", 5)
        add(e, "Asia/Tokyo", "2026-07-01T00:00:00Z", 3)
    for e in TIMESTAMPS:
        add(e, "UTC", "1970-01-01T00:00:00Z", 2)
        add(e, "UTC", "2026-07-25T17:20:00Z", 2)
    for e in INVALID:
        add(e, "UTC", "2026-01-15T10:00:00Z", 1)

    # DST gaps and overlaps: the zone as suffix and as default zone, bases just before changes.
    for zone, instants in DST_ZONES.items():
        for inst in instants:
            for e in DST_EXPRS:
                add(e + " " + zone, "UTC", shift(inst, -3 * 3600), 8)
            for e in DST_EXPRS[:8]:
                add(e, zone, shift(inst, -90 * 60), 6)
                add(e, zone, shift(inst, +1), 4)
    # Bases inside the repeated hour (first and second occurrence) and inside the gap.
    for e in ["*-*-* 01:30", "*-*-* 01:00", "*-*-* 01:45", "*:0/20", "*:*:30", "hourly", "*-*-* 02:00"]:
        for b in ["2026-11-01T05:15:00Z", "2026-11-01T05:45:00Z", "2026-11-01T06:15:00Z",
                  "2026-11-01T06:45:00Z", "2026-11-01T06:59:59.999999Z"]:
            add(e + " America/New_York", "UTC", b, 6)
            add(e, "America/New_York", b, 6)
    for e in ["*-*-* 02:30", "*-*-* 02:00", "*-*-* 02:45", "*:0/20", "*:*:30", "hourly", "*-*-* 03:00"]:
        for b in ["2026-10-25T00:15:00Z", "2026-10-25T00:45:00Z", "2026-10-25T01:15:00Z",
                  "2026-10-25T01:45:00Z", "2026-03-29T00:59:59.999999Z", "2026-03-29T01:00:00Z"]:
            add(e + " Europe/Berlin", "UTC", b, 6)
            add(e, "Europe/Berlin", b, 6)
    # Month ends around DST changes that fall on the last day of a month.
    for e in ["*-03~01 02:30", "*-*~01 02:30", "*-10~01 02:30", "*-*~01 02:00", "*-03-31 02:30",
              "*-10-31 02:30", "*-*~01..03 02:30"]:
        add(e + " Europe/Berlin", "UTC", "2024-03-01T00:00:00Z", 6)
        add(e + " Europe/Berlin", "UTC", "2027-10-01T00:00:00Z", 6)
        add(e, "Europe/Berlin", "2027-10-30T00:00:00Z", 4)
    # Leap years.
    for e in ["*-02-29", "*-02-29 12:00", "Mon *-02-29", "Thu *-02-29", "*-02~01", "*-02~29", "*-02-28..29",
              "2100-02-29", "2096-02-29", "2000..2199-02-29", "*-*-29", "*-02-*"]:
        for b in ["2026-01-01T00:00:00Z", "2028-02-28T23:59:59Z", "2028-02-29T00:00:00Z", "2096-02-28T00:00:00Z"]:
            add(e, "UTC", b, 4)
    return cases


# --------------------------------------------------------------------------------------------
# Random expressions (for --fuzz, and a seeded sample in the committed table)

DAY_WORDS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday", "Tuesday", "Wednesday", "Thursday",
             "Friday", "Saturday", "Sunday"]
FUZZ_ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Tokyo", "Europe/London",
              "America/Sao_Paulo", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago"]


def rand_field(r, lo, hi, star=0.35, usec=False):
    if r.random() < star:
        return "*"
    parts = []
    for _ in range(1 if r.random() < 0.7 else r.randint(2, 4)):
        def val():
            v = r.randint(lo, hi) if r.random() < 0.93 else r.randint(max(0, lo - 2), hi + 3)
            s = ("%02d" % v) if r.random() < 0.6 else str(v)
            if usec and r.random() < 0.15:
                s += "." + str(r.randint(0, 999999)).rjust(r.randint(1, 7), "0")[:r.randint(1, 7)]
            return s
        kind = r.random()
        if kind < 0.5:
            parts.append(val())
        elif kind < 0.7:
            parts.append(val() + ".." + val())
        elif kind < 0.88:
            parts.append(val() + "/" + str(r.randint(1, max(1, (hi - lo) // 2))))
        else:
            parts.append(val() + ".." + val() + "/" + str(r.randint(1, max(1, (hi - lo) // 3))))
    return ",".join(parts)


def rand_expr(r):
    out = []
    if r.random() < 0.3:
        items = []
        for _ in range(r.randint(1, 3)):
            a = r.choice(DAY_WORDS)
            if r.random() < 0.35:
                items.append(a + r.choice(["..", "..", "-"]) + r.choice(DAY_WORDS))
            else:
                items.append(a)
        w = ",".join(items)
        out.append(w if r.random() < 0.8 else w.lower())
    if r.random() < 0.75:
        sep2 = "~" if r.random() < 0.15 else "-"
        if r.random() < 0.7:
            year = "*" if r.random() < 0.7 else rand_field(r, 2024, 2032, star=0)
            out.append(year + "-" + rand_field(r, 1, 12) + sep2 + rand_field(r, 1, 31 if sep2 == "-" else 28))
        else:
            out.append(rand_field(r, 1, 12) + sep2 + rand_field(r, 1, 31 if sep2 == "-" else 28))
    if r.random() < 0.85 or not out:
        t = rand_field(r, 0, 23) + ":" + rand_field(r, 0, 59)
        if r.random() < 0.5:
            t += ":" + rand_field(r, 0, 59, usec=True)
        out.append(t)
    if r.random() < 0.25:
        out.append(r.choice(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]))
    return " ".join(out)


MUTATION_CHARS = " -~:.,/*@0123456789MTWFSmonuedhriatUC"


def mutate(r, expr):
    """A few random edits, to probe exactly which strings systemd accepts."""
    chars = list(expr)
    for _ in range(r.randint(1, 3)):
        op = r.random()
        pos = r.randint(0, len(chars))
        if op < 0.4 or not chars:
            chars.insert(pos, r.choice(MUTATION_CHARS))
        elif op < 0.7:
            del chars[min(pos, len(chars) - 1)]
        else:
            chars[min(pos, len(chars) - 1)] = r.choice(MUTATION_CHARS)
    return "".join(chars)


def rand_base(r):
    if r.random() < 0.4:
        zone_changes = [i for v in DST_ZONES.values() for i in v if i >= "2020"]
        return shift(r.choice(zone_changes), r.randint(-3 * 86400, 3 * 86400) // 60 * 60)
    sec = r.randint(usec_of("2020-01-01T00:00:00Z") // USEC, usec_of("2040-01-01T00:00:00Z") // USEC)
    us = 0 if r.random() < 0.8 else r.randint(0, 999999)
    return iso(sec * USEC + us)


def random_cases(count, seed, zones=None):
    r = random.Random(seed)
    cases = []
    for _ in range(count):
        expr = rand_expr(r)
        if zones:
            # Zone-focused: the zone as default or as suffix, bases near its changes or anywhere.
            zone = r.choice(zones)
            default = zone
            if r.random() < 0.3 and not expr.endswith(("UTC", "Europe/Berlin", "America/New_York",
                                                          "Asia/Kolkata", "Australia/Lord_Howe")):
                expr += " " + zone
                default = r.choice(FUZZ_ZONES)
            changes = DST_ZONES.get(zone)
            if changes and r.random() < 0.7:
                base = shift(r.choice(changes), r.randint(-2 * 86400, 2 * 86400) // 60 * 60)
            else:
                sec = r.randint(usec_of("1971-01-01T00:00:00Z") // USEC, usec_of("2100-01-01T00:00:00Z") // USEC)
                base = iso(sec * USEC)
            cases.append((expr, default, base, r.randint(1, 8)))
        else:
            if r.random() < 0.3:
                expr = mutate(r, expr if r.random() < 0.7 else r.choice(PRODUCT + SHORTCUTS + WEEKDAYS + TIMES))
                if expr.startswith("#"):
                    expr = expr[1:]
            cases.append((expr, r.choice(FUZZ_ZONES), rand_base(r), r.randint(1, 6)))
    return cases


# --------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=DEFAULT_OUT)
    ap.add_argument("--fuzz", type=int, default=0, help="write N random cases only")
    ap.add_argument("--seed", type=int, default=252)
    ap.add_argument("--zones", help="with --fuzz: comma separated zones to focus on, or 'all'")
    ap.add_argument("--no-analyze", action="store_true",
                    help="skip the systemd-analyze cross-check (faster, for large --fuzz runs)")
    args = ap.parse_args()

    sd = Systemd()
    if args.fuzz:
        zones = None
        if args.zones == "all":
            zones = []
            for line in open("/usr/share/zoneinfo/tzdata.zi", encoding="utf-8"):
                f = line.split()
                if f and f[0] == "Z":
                    zones.append(f[1])
                elif f and f[0] == "L":
                    zones.append(f[2])
            zones.sort()
        elif args.zones:
            zones = args.zones.split(",")
        cases = random_cases(args.fuzz, args.seed, zones)
    else:
        cases = curated_cases() + random_cases(500, args.seed) + random_cases(300, args.seed + 1, sorted(DST_ZONES))

    seen = set()
    rows = []
    for expr, zone, base, n in cases:
        if expr.startswith("#"):
            raise SystemExit("expression not representable in the table: %r" % expr)
        key = (expr, zone, base)
        if key in seen:
            continue
        seen.add(key)
        base_usec = usec_of(base)
        normalized, result = sd.exact(expr, zone, base_usec, n)
        if not args.no_analyze:
            a_norm, a_result = Systemd.analyze(expr, zone, base_usec, n)
            if a_norm is GAVE_UP:
                a_norm, a_result = normalized, [u // USEC for u in result]
            if a_norm != normalized or (normalized is not None and [u // USEC for u in result] != a_result) \
                    or (normalized is None and a_result != result):
                raise SystemExit("systemd-analyze and libsystemd-shared disagree on %r (TZ=%s, base %s):\n"
                                 "  analyze: %r %r\n  library: %r %r" % (expr, zone, base, a_norm, a_result,
                                                                          normalized, result))
        if normalized is None:
            rows.append((escape(expr), zone, base, "!invalid", result))
        else:
            elapses = [iso(u) for u in result]
            if not elapses:
                elapses = ["never"]
            elif len(elapses) < n:
                elapses.append("end")  # asked for n, systemd found no more
            rows.append((escape(expr), zone, base, normalized, " ".join(elapses)))

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("# systemd calendar oracle for ironcore-calendar; generated by src/test/oracle/generate.py\n")
        f.write("# from %s (systemd-analyze calendar + libsystemd-shared). Do not edit by hand.\n" % sd.version)
        f.write("# expression\tdefault zone\tbase\tnormalized | !invalid\telapses (UTC) [end] | never | systemd error\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print("wrote %d rows to %s" % (len(rows), os.path.relpath(args.out)), file=sys.stderr)


if __name__ == "__main__":
    main()
