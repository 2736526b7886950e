#!/usr/bin/env python3
"""termhost at scale (issue 6): a thousand interactive sessions of twenty users on one host.

  bench/scale.py [--quick] [--tsv]

Needs root. In a temp directory it makes 20 users (a shared client key, PS1 'THSCALE-READY$ '),
a termhost daemon (own state dir and cgroup, several sessions per user allowed), warms it up (20
sessions made and logged off, twice), then (--quick: 200 sessions instead of 1000):

 1. opens half the sessions with the real `ssh -tt` (bench/ptyssh.py) and keeps them connected;
 2. opens the other half, waits for every prompt and kills every client with SIGKILL: they stay,
    disconnected (in this order because a logon takes over its user's latest disconnected session);
 3. measures the daemon's memory per session (live heap after a full GC, RSS, PSS) at both points;
 4. times `query session` over all of them: the request on the control socket (goal: median under
    100 ms; its floor is the same request on the host before any logon) and the command (beside
    `java -version`);
 5. logs off every disconnected session with one command, `logoff * /state:disc`, on a terminal
    (its progress display), and checks: each of them gone with its cgroup, one successful logoff
    audit row each, the connected ones untouched. Its floor: as many fresh cgroups holding as many
    processes as those sessions had, each killed with cgroup.kill until 'populated 0' and removed.

Everything it made (clients, daemon, cgroups, users, temp dir) is removed on exit.
"""
import collections
import os
import pty
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

from benchlib import (CG2, Daemon, count_procs, cpu_seconds, key_and_users, kib, logger, median_ms, populated, print_rows, remove_cgroups,
                      remove_user, request, row_tsv, wait_until, beside_java)

QUICK = "--quick" in sys.argv
TSV = "--tsv" in sys.argv
USERS = 20
PER_USER = 10 if QUICK else 50
N = USERS * PER_USER
DISC = USERS * (PER_USER // 2)
QUERY_REPS = 11 if QUICK else 31
CMD_REPS = 5 if QUICK else 11
MARKER = "THSCALE-READY"
log = logger("scale-bench")
BENCH = os.path.dirname(os.path.abspath(__file__))


def sessions_of(sock, users):
    return [r for r in request(sock, "query-session", {})[2] if r.get("user") in users]


def memory(daemon):
    heap = daemon.heap_used_kib()
    m = {"heap": heap, "rss": kib(daemon.pid, "rss"), "pss": kib(daemon.pid, "pss")}
    log("daemon memory (KiB): %s" % m)
    return m


def states(sock, users):
    return dict(collections.Counter(r["state"] for r in sessions_of(sock, users)))


def per_session(before, after, n):
    return {k: (after[k] - before[k]) / n for k in before}


def on_terminal(argv, env):
    """Runs argv with a PTY as its terminal; returns (exit code, seconds, last screen line)."""
    master, slave = pty.openpty()
    out = []
    reader = threading.Thread(target=lambda: _drain(master, out), daemon=True)
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    reader.start()
    rc = p.wait()
    took = time.perf_counter() - t0
    reader.join(5)
    os.close(master)
    text = b"".join(out).decode(errors="replace").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return rc, took, (lines[-1] if lines else ""), text


def _drain(fd, out):
    while True:
        try:
            b = os.read(fd, 65536)
        except OSError:
            return
        if not b:
            return
        out.append(b)


def floor_mass_kill(count, procs_each, name):
    """count fresh cgroups, each with procs_each processes; cgroup.kill on each, wait until all are
    empty, rmdir all. Returns the seconds from the first kill to the last rmdir."""
    base = os.path.join(CG2, name)
    os.mkdir(base)
    cgs, holders = [], []
    script = ('echo $$ > "$1"/cgroup.procs; i=1; while [ $i -lt %d ]; do sleep 1000 & i=$((i+1)); done; '
              'exec sleep 1000') % procs_each
    for i in range(count):
        cg = os.path.join(base, "s%d" % i)
        os.mkdir(cg)
        cgs.append(cg)
        holders.append(subprocess.Popen(["/bin/sh", "-c", script, "floor", cg], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL))
    wait_until(lambda: all(count_procs(cg) >= procs_each for cg in cgs), 300, "the floor's processes")
    t0 = time.perf_counter()
    for cg in cgs:
        with open(os.path.join(cg, "cgroup.kill"), "w") as f:
            f.write("1")
    for cg in cgs:
        while populated(cg):
            time.sleep(0.0005)
        os.rmdir(cg)
    took = time.perf_counter() - t0
    for p in holders:
        p.wait()
    os.rmdir(base)
    return took


def audit_rows_since(database, seq, type_):
    con = sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=30)
    try:
        return con.execute("SELECT session_id, outcome FROM audit_log WHERE seq > ? AND type = ?",
                           (seq, type_)).fetchall()
    finally:
        con.close()


def audit_mark(database):
    con = sqlite3.connect("file:%s?mode=ro" % database, uri=True, timeout=30)
    try:
        return con.execute("SELECT COALESCE(MAX(seq), 0) FROM audit_log").fetchone()[0]
    finally:
        con.close()


def main():
    if os.geteuid() != 0:
        sys.exit("bench/scale.py: needs root (users, cgroups)")
    tmp = tempfile.mkdtemp(prefix="termhost-scale-bench.")
    os.chmod(tmp, 0o755)
    users = ["thbs%du%d" % (os.getpid(), i) for i in range(1, USERS + 1)]
    cgname = "termhost-bench-scale-%d" % os.getpid()
    daemon = None
    keeper = None
    made = []
    try:
        key = key_and_users(tmp, users, made, MARKER)
        log("building and starting termhost")
        daemon = Daemon(tmp, cgname, ["sessions.multiple-per-user=true"])
        sock = daemon.sock
        env = dict(os.environ, TERMHOST_SOCKET=sock)
        ssh = ["ssh", "-tt", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
               "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-i", key,
               "-p", str(daemon.port), "{user}@127.0.0.1"]
        def hold(per_user, ready, then):
            return [sys.executable, os.path.join(BENCH, "ptyssh.py"), "hold", "--marker", MARKER, "--users",
                    ",".join(users), "--per-user", str(per_user), "--timeout", "1200", "--ready-file",
                    os.path.join(tmp, ready), "--then", then, "--"] + ssh
        wanted = set(users)

        # warm-up, so the memory figures are what a session costs and not the JIT compiling the
        # logon path or the heap growing to its working size: sessions made and logged off twice
        for _ in range(2):
            subprocess.run(hold(1, "ready.warm", "kill"), check=True)
            wait_until(lambda: states(sock, wanted).get("disconnected", 0) == USERS, 120, "the warm-up sessions",
                       lambda: states(sock, wanted))
            subprocess.run([daemon.wrapper("logoff"), "*"], env=env, stdout=subprocess.DEVNULL, check=True)
        empty_query = median_ms([_timed_query(sock) for _ in range(QUERY_REPS)])
        m0 = memory(daemon)

        # the connected ones first: a logon takes over the user's latest disconnected session
        log("opening %d sessions and keeping them connected" % (N - DISC))
        t0 = time.time()
        ready = os.path.join(tmp, "ready.active")
        keeper = subprocess.Popen(hold(PER_USER // 2, ready, "keep"))
        wait_until(lambda: os.path.exists(ready) or keeper.poll() is not None, 1800, "the connected sessions")
        if keeper.poll() is not None:
            raise RuntimeError("could not open the connected sessions")
        wait_until(lambda: sum(r["state"] == "active" for r in sessions_of(sock, wanted)) == N - DISC, 120,
                   "%d active sessions" % (N - DISC), lambda: states(sock, wanted))
        log("%d connected sessions in %.0f s" % (N - DISC, time.time() - t0))
        m_active = memory(daemon)

        log("opening %d more sessions, then dropping their clients (disconnected)" % DISC)
        subprocess.run(hold(PER_USER // 2, "ready.disc", "kill"), check=True)
        wait_until(lambda: sum(r["state"] == "disconnected" for r in sessions_of(sock, wanted)) == DISC, 120,
                   "%d disconnected sessions" % DISC, lambda: states(sock, wanted))
        log("%d sessions (%d connected, %d disconnected) after %.0f s" % (N, N - DISC, DISC, time.time() - t0))
        m_all = memory(daemon)
        dropped = daemon.lines_with("keep-alives in a row")
        if dropped:
            log("%d connections were closed for unanswered keep-alives" % dropped)

        rows_seen = len(sessions_of(sock, wanted))
        if rows_seen != N:
            raise RuntimeError("query session lists %d of the %d sessions" % (rows_seen, N))
        query = median_ms([_timed_query(sock) for _ in range(QUERY_REPS)])
        daemon.await_cds_archive()
        query_cmd, jv = beside_java([daemon.wrapper("query"), "session"], CMD_REPS, env)

        disc_ids = [r["id"] for r in sessions_of(sock, wanted) if r["state"] == "disconnected"]
        active_ids = {r["id"] for r in sessions_of(sock, wanted) if r["state"] == "active"}
        procs = sum(count_procs(os.path.join(CG2, cgname, "session-" + i)) for i in disc_ids)
        procs_each = max(1, round(procs / len(disc_ids)))
        mark = audit_mark(daemon.database)
        log("logoff * /state:disc: %d sessions, %d processes" % (len(disc_ids), procs))
        cpu0, daemon_cpu0 = cpu_seconds(), cpu_seconds(daemon.pid)
        rc, mass, last, text = on_terminal([daemon.wrapper("logoff"), "*", "/state:disc"], env)
        # who the CPUs worked for meanwhile: the daemon, or the sessions' processes ending themselves
        mass_cpu, mass_daemon_cpu = cpu_seconds() - cpu0, cpu_seconds(daemon.pid) - daemon_cpu0
        if rc != 0:
            raise RuntimeError("logoff * /state:disc exited %d:\n%s" % (rc, text[-2000:]))
        left = sessions_of(sock, wanted)
        audited = audit_rows_since(daemon.database, mark, "session.logoff")
        problems = []
        if any(r["id"] in disc_ids for r in left):
            problems.append("disconnected sessions still listed")
        if {r["id"] for r in left} != active_ids:
            problems.append("the connected sessions changed")
        if sorted(str(s) for s, o in audited if o == "success") != sorted(disc_ids):
            problems.append("%d logoff audit rows for %d sessions" % (len(audited), len(disc_ids)))
        if any(os.path.exists(os.path.join(CG2, cgname, "session-" + i)) for i in disc_ids):
            problems.append("session cgroups left")
        if problems:
            raise RuntimeError("mass logoff: " + "; ".join(problems))
        log("mass logoff %.1f s; its last line: %s" % (mass, last))
        floor = floor_mass_kill(len(disc_ids), procs_each, cgname + "-floor")
        log("floor %.2f s" % floor)

        active_ps = per_session(m0, m_active, N - DISC)
        disc_ps = per_session(m_active, m_all, DISC)
        rows = [
            row_tsv("query session over %d sessions: request, median ms" % N, query, "0 sessions", empty_query,
                    "< 100 ms: %s" % ("met" if query < 100 else "NOT met")),
            row_tsv("query session over %d sessions: command, median ms" % N, query_cmd, "java -version", jv, ""),
            row_tsv("logoff * /state:disc, %d sessions, total ms" % len(disc_ids), mass * 1000,
                    "cgroup.kill x%d" % len(disc_ids), floor * 1000, ""),
            row_tsv("  CPU s meanwhile: the daemon's, of the machine's", mass_daemon_cpu, "machine", mass_cpu, ""),
        ]
        for label, ps in (("connected", active_ps), ("disconnected", disc_ps)):
            for k in ("heap", "rss", "pss"):
                rows.append(row_tsv("daemon memory per %s session, %s KiB" % (label, k), ps[k], "", None, ""))
        if TSV:
            print("\n".join(rows))
            return
        print("  load average %s; %d CPUs" % (open("/proc/loadavg").read().split()[:3], os.cpu_count()))
        print_rows(rows)
        print("  %d users x %d sessions; %d processes in the %d disconnected sessions (floor: %d each)"
              % (USERS, PER_USER, procs, len(disc_ids), procs_each))
        print("  memory (KiB): before %s; with %d connected %s; with %d more disconnected %s"
              % (m0, N - DISC, m_active, DISC, m_all))
    except BaseException:
        if daemon is not None:
            log("the daemon's last output:\n" + daemon.tail())
        raise
    finally:
        if keeper is not None and keeper.poll() is None:
            keeper.send_signal(signal.SIGTERM)
            try:
                keeper.wait(timeout=120)
            except subprocess.TimeoutExpired:
                keeper.kill()
        if daemon is not None:
            daemon.stop()
        remove_cgroups(cgname, cgname + "-floor")
        for u in made:
            remove_user(u)
        shutil.rmtree(tmp, ignore_errors=True)


def _timed_query(sock):
    t0 = time.perf_counter()
    t, fields, _ = request(sock, "query-session", {})
    if t != "result":
        raise RuntimeError("query-session: %s" % fields)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
