#!/usr/bin/env python3
"""termhost logoff benchmark: how long from the logoff request to the session being gone, beside
the raw floor measured in the same run on an equal cgroup (write cgroup.kill, wait for
'populated 0', rmdir); and the wall time of the logoff command beside `java -version`.

  bench/logoff.py [--quick]

Needs root. It makes one user, a termhost daemon on a free loopback port with its own state dir
and cgroup, and a floor cgroup; all are removed on exit. The request goes over the daemon's
control socket from this script (the wire format of termhost.api.wire.WireCodec), so the JVM
start of a client is not counted in the logoff rows; the command rows count it.
"""
import os, sqlite3, subprocess, sys, tempfile, time
import shutil

from benchlib import (CG2, Daemon, beside_java, count_procs, logger, make_user, median_ms, populated, print_rows, remove_cgroups,
                      remove_user, request, row_tsv, wait_until, wall)

QUICK = "--quick" in sys.argv
TSV = "--tsv" in sys.argv  # rows only, tab-separated, for bench/run's table
SIZES = [1, 100, 1000]
REPS = {1: 3, 100: 3, 1000: 2} if QUICK else {1: 9, 100: 9, 1000: 3}
CMD_REPS = 5 if QUICK else 11
log = logger("logoff-bench")


def floor_once(n, name):
    """Raw floor: n processes in a fresh cgroup; time cgroup.kill until empty and removed."""
    cg = os.path.join(CG2, name)
    os.mkdir(cg)
    script = 'echo $$ > "$1"/cgroup.procs; i=1; while [ $i -lt %d ]; do sleep 1000 & i=$((i+1)); done; exec sleep 1000' % n
    p = subprocess.Popen(["/bin/sh", "-c", script, "floor", cg], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: count_procs(cg) >= n, 120, "%d floor processes" % n)
    t0 = time.perf_counter()
    with open(os.path.join(cg, "cgroup.kill"), "w") as f:
        f.write("1")
    while populated(cg):
        time.sleep(0.0005)
    os.rmdir(cg)
    t = time.perf_counter() - t0
    p.wait()
    return t


def durable_once(db):
    """The durable floor: one fsync'd commit of an audit-sized row, as the daemon's store makes it
    (SQLite, WAL, synchronous=FULL). A logoff recorded before it is reported cannot beat it."""
    t0 = time.perf_counter()
    db.execute("INSERT INTO audit_log (at, type, actor, actor_uid, source, session_id, session_owner, outcome, "
               "detail) VALUES (?,?,?,?,?,?,?,?,?)", (int(time.time() * 1000), "session.logoff", "root", 0,
               "local pid 4242", 2, "thbl", "success",
               "logged off by root; processes=1, signals=HUP+TERM, took=1ms"))
    db.commit()
    return time.perf_counter() - t0


def durable_floor(tmp, reps):
    """The median of {@code reps} durable commits to a fresh database beside the daemon's."""
    db = sqlite3.connect(os.path.join(tmp, "floor.db"), isolation_level="DEFERRED")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at BIGINT NOT NULL, type VARCHAR(64) "
               "NOT NULL, actor VARCHAR(256), actor_uid INTEGER, source VARCHAR(256), session_id INTEGER, "
               "session_owner VARCHAR(256), outcome VARCHAR(32) NOT NULL, detail VARCHAR(4096))")
    db.commit()
    for _ in range(3):
        durable_once(db)  # warm-up: file growth, page cache
    t = [durable_once(db) for _ in range(reps)]
    db.close()
    return median_ms(t)


def main():
    if os.geteuid() != 0:
        sys.exit("bench/logoff.py: needs root (a user, cgroups)")
    tmp = tempfile.mkdtemp(prefix="termhost-logoff-bench.")
    os.chmod(tmp, 0o755)
    user = "thbl%d" % os.getpid()
    cgname = "termhost-bench-logoff-%d" % os.getpid()
    daemon = None
    held = []
    try:
        key = os.path.join(tmp, "key")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
        make_user(user, key + ".pub")
        log("building and starting termhost")
        daemon = Daemon(tmp, cgname, ["logoff.grace-period=3s"])
        sock = daemon.sock
        ssh = ["ssh", "-p", str(daemon.port), "-i", key, "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
               "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "BatchMode=yes",
               user + "@127.0.0.1"]

        def session_with(n):
            """An exec session holding n processes (n-1 sleeps and the last one exec'ed); returns its cgroup."""
            before = {r["id"] for r in request(sock, "query-session", {})[2]}
            cmd = "i=1; while [ $i -lt %d ]; do sleep 1000 & i=$((i+1)); done; exec sleep 1000" % n
            p = subprocess.Popen(ssh + [cmd], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            held.append(p)
            box = {}

            def ready():
                rows = [r for r in request(sock, "query-session", {})[2] if r["id"] not in before
                        and r.get("user") == user]
                if rows:
                    box["id"] = rows[0]["id"]
                    return count_procs(os.path.join(CG2, cgname, "session-" + box["id"])) >= n
                return False
            wait_until(ready, 180, "a session of %d processes" % n)
            return box["id"], p

        def goal(ours, floor, limit):
            return "<= %.1fx: %s" % (limit, "met" if ours <= limit * floor else "NOT met")

        # the durable floor, on the file system of the daemon's store (the same temp dir)
        durable = durable_floor(tmp, 15 if QUICK else 41)
        rows = [row_tsv("durable floor: one fsync'd SQLite commit, median ms", durable, "", "", "")]
        log("durable floor: %.2f ms" % durable)
        for n in SIZES:
            ours, floor = [], []
            for rep in range(REPS[n]):
                sid, p = session_with(n)
                t0 = time.perf_counter()
                t, fl, _ = request(sock, "logoff", {"session": sid})
                ours.append(time.perf_counter() - t0)
                if t != "result":
                    raise RuntimeError("logoff failed: %s" % fl)
                p.wait(timeout=30)
                floor.append(floor_once(n, cgname + "-floor"))
            # a durable logoff cannot beat the kill of its processes plus one fsync'd commit
            a, b = median_ms(ours), median_ms(floor) + durable
            rows.append(row_tsv("logoff, %d-process session, median ms" % n, a, "cgroup.kill+commit", b,
                                goal(a, b, 1.5 if n == 1 else 1.2)))
            log("n=%d: termhost %.1f ms, floor %.1f ms (kill %.1f + commit %.2f)" % (n, a, b, b - durable, durable))

        # the commands' wall time, beside the JVM's own start
        wrapper = daemon.wrapper("logoff")
        daemon.await_cds_archive()
        help_, jv = beside_java([wrapper, "/?"], CMD_REPS)
        idle, java_idle = [], []
        for _ in range(max(3, CMD_REPS // 2)):
            sid, p = session_with(1)
            java_idle.append(wall(["java", "-version"]))
            idle.append(wall([wrapper, sid], dict(os.environ, TERMHOST_SOCKET=sock)))
            p.wait(timeout=30)
        idle, java_idle = median_ms(idle), median_ms(java_idle)
        rows.append(row_tsv("command: logoff /?, median ms", help_, "java -version", jv, goal(help_, jv, 1.5)))
        rows.append(row_tsv("command: logoff ID (1-process), median ms", idle, "java -version", java_idle,
                            goal(idle, java_idle, 1.5)))
        if TSV:
            print("\n".join(rows))
            return
        print("  load average %s; %d CPUs" % (open("/proc/loadavg").read().split()[:3], os.cpu_count()))
        print_rows(rows)
        print("  floor of the logoff rows: cgroup.kill on an equal cgroup until 'populated 0' and rmdir, plus the")
        print("  durable floor (one fsync'd SQLite commit of an audit row, WAL, synchronous=FULL);")
        print("  floor of the command rows: java -version. termhost's rows include HUP+TERM, the audit row")
        print("  (fsync'd) and the store update, measured from the request to the reply.")
    finally:
        for p in held:
            if p.poll() is None:
                p.kill()
        if daemon is not None:
            daemon.stop()
        remove_cgroups(cgname, cgname + "-floor")
        remove_user(user)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
