#!/usr/bin/env python3
"""Logon storms and exec cost (issue 11, item 9), each beside OpenSSH's sshd in the same run.

  bench/storm.py [--quick] [--tsv] [--only burst|memory]

Needs root. In a temp directory it makes 10 users (a shared client key), a termhost daemon (own
state dir and cgroup, several sessions per user) and its own sshd (the same config as bench/run's,
with MaxStartups raised to the burst's size so that it refuses none), warms both up, then
(--quick: 50 clients instead of 200):

 1. the burst: 200 `ssh -o ConnectTimeout=10 host 'echo in; exec sleep 600'`, started together
    (each waits on one FIFO, then all are let go at once), 20 per user. Counted: how many got in
    (printed the line), and the time from the release to each line, p50 and p99 (a client that
    never got in counts as infinitely late). ConnectTimeout covers the TCP connect and the wait
    for the server's version banner; without it OpenSSH's client waits for the banner forever.
    Then the clients are ended, and the sessions with them; termhost and sshd take turns, twice.
 2. memory: the daemon's RSS, PSS, live heap and threads, before and with 200 running exec sessions
    (`ssh host 'echo in; exec sleep 600'`, opened 8 at a time and held), then with 200 interactive
    sessions connected (`ssh -tt`, held at the prompt), then with those 200 disconnected (the
    clients killed -9); each figure per session, after a full GC. sshd's: the sum of its
    per-connection processes with as many exec sessions, and as many interactive ones.

Everything it made (clients, daemons, cgroups, users, temp dir) is removed on exit.
"""
import argparse
import collections
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from benchlib import (CG2, Daemon, Sshd, cpu_seconds, key_and_users, kib, logger, print_rows, remove_cgroups,
                      remove_user, request, row_tsv, wait_until)

ARGS = argparse.ArgumentParser(description="logon storms and exec cost, beside sshd")
ARGS.add_argument("--quick", action="store_true", help="50 clients, one burst each")
ARGS.add_argument("--tsv", action="store_true", help="rows only, tab-separated, for bench/run's table")
ARGS.add_argument("--only", choices=["burst", "memory"], help="one part only")
ARGS.add_argument("-n", type=int, help="clients per burst and sessions held (default 200, --quick 50)")
ARGS.add_argument("--rounds", type=int, help="bursts per server (default 2, --quick 1)")
A = ARGS.parse_args()
N = A.n or (50 if A.quick else 200)
ROUNDS = A.rounds or (1 if A.quick else 2)
USERS = 10
CONNECT_TIMEOUT = 10
MARKER = "THSTORM-READY"
log = logger("storm-bench")
BENCH = os.path.dirname(os.path.abspath(__file__))


def ssh_argv(key, port, user, *rest, flags=()):
    return ["ssh"] + list(flags) + ["-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
            "-o", "IdentitiesOnly=yes", "-i", key, "-o", "ConnectTimeout=%d" % CONNECT_TIMEOUT,
            "-p", str(port), user + "@127.0.0.1"] + list(rest)


def percentile(xs, q):
    """The q-th percentile (nearest rank) of xs; inf counts as later than any."""
    s = sorted(xs)
    return s[max(0, min(len(s) - 1, -(-len(s) * q // 100) - 1))]


INF = float("inf")


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def burst(argvs, tmp, timeout=180):
    """Starts every argv (an `ssh -v` command line) at the same moment. Returns, for each client,
    the seconds from the release to the server's version banner (ssh -v: "Remote protocol
    version") and to its first line of output (inf for what never came); the distinct errors the
    failed ones printed, and how many; and the CPU seconds the clients used."""
    cpu0 = children_cpu()
    fifo = os.path.join(tmp, "release.fifo")
    os.mkfifo(fifo)
    ready_r, ready_w = os.pipe()
    procs = []
    try:
        for argv in argvs:
            # each says it is there, then blocks opening the FIFO until it has a writer
            procs.append(subprocess.Popen(["/bin/sh", "-c", 'echo >&%d; : < "$0"; exec "$@"' % ready_w, fifo] + argv,
                                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          pass_fds=(ready_w,)))
        os.close(ready_w)
        ready_w = None
        got = 0
        while got < len(procs):
            got += len(os.read(ready_r, 4096))
        time.sleep(0.2)  # from "there" to blocked in open(2)
        t0 = time.monotonic()
        release = os.open(fifo, os.O_RDWR)  # a writer: every open(2) for reading returns now
        sel = selectors.DefaultSelector()
        for i, p in enumerate(procs):
            sel.register(p.stdout, selectors.EVENT_READ, (i, "out"))
            sel.register(p.stderr, selectors.EVENT_READ, (i, "err"))
        banner, at = [INF] * len(procs), [INF] * len(procs)
        err = [b""] * len(procs)
        waiting = len(procs)
        while waiting and time.monotonic() - t0 < timeout:
            for key, _ in sel.select(1):
                i, what = key.data
                data = os.read(key.fileobj.fileno(), 65536)
                now = time.monotonic() - t0
                if what == "err":
                    err[i] += data
                    if banner[i] == INF and b"Remote protocol version" in err[i]:
                        banner[i] = now
                    if not data:
                        sel.unregister(key.fileobj)
                    continue
                if data and at[i] == INF:
                    at[i] = now
                sel.unregister(key.fileobj)
                waiting -= 1
        os.close(release)
        sel.close()
        errors = collections.Counter()
        for i, p in enumerate(procs):
            if at[i] == INF:
                lines = [x for x in err[i].decode(errors="replace").splitlines() if x and not x.startswith("debug")]
                errors[lines[-1] if lines else "no output (exit %s)" % p.poll()] += 1
        for p in procs:
            p.terminate()
            p.wait()
        return banner, at, errors, children_cpu() - cpu0
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            p.stdout.close()
            p.stderr.close()
        if ready_w is not None:
            os.close(ready_w)
        os.close(ready_r)
        os.unlink(fifo)


def threads(pid):
    with open("/proc/%d/status" % pid) as f:
        return int(next(line.split()[1] for line in f if line.startswith("Threads:")))


def per(before, after, n):
    return {k: (after[k] - before[k]) / n for k in before}


class Bench:
    """The users, the client key and sshd, shared by the parts; each part has a termhost of its own
    (fresh, so its memory figures start from the same point)."""

    def __init__(self, tmp, users, key, sshd, cgname):
        self.tmp, self.users, self.key, self.sshd, self.cgname = tmp, users, key, sshd, cgname
        self.daemon = None

    def start_daemon(self, part):
        """A fresh termhost for `part`, warmed up like sshd: the JIT compiles the logon path."""
        if self.daemon is not None:
            self.daemon.stop()
            remove_cgroups(self.cgroup)
        self.cgroup = "%s-%s" % (self.cgname, part)
        d = os.path.join(self.tmp, part)
        os.makedirs(d)
        self.daemon = Daemon(d, self.cgroup, ["sessions.multiple-per-user=true"])
        self.warm_up(self.daemon.port)
        return self.daemon

    def stop(self):
        if self.daemon is not None:
            self.daemon.stop()
            remove_cgroups(self.cgroup)

    def warm_up(self, port):
        """Both kinds of logon, so that neither kind's first ones pay for loading and compiling code."""
        for i in range(20):
            subprocess.run(ssh_argv(self.key, port, self.users[i % USERS], "true"), check=True)
        subprocess.run([sys.executable, os.path.join(BENCH, "ptyssh.py"), "prompt", "--runs", "10", "--marker",
                        MARKER, "--"] + ssh_argv(self.key, port, self.users[0], flags=["-tt"]),
                       stdout=subprocess.DEVNULL, check=True)

    def sessions_left(self, name):
        """termhost: session cgroups; sshd: per-connection processes."""
        if name == "sshd":
            return len(self.sshd.connection_pids())
        base = os.path.join(CG2, self.cgroup)
        return sum(1 for d in os.listdir(base) if d.startswith("session-")) if os.path.isdir(base) else 0

    def await_none(self, name):
        wait_until(lambda: self.sessions_left(name) == 0, 300, "%s's sessions to end" % name,
                   lambda: self.sessions_left(name))

    def states(self):
        rows = request(self.daemon.sock, "query-session", {})[2]
        return collections.Counter(r["state"] for r in rows if r.get("user") in self.users)

    def bursts(self):
        self.start_daemon("burst")
        self.warm_up(self.sshd.port)
        ports = {"termhost": self.daemon.port, "sshd": self.sshd.port}
        cmd = "echo in; exec sleep 600"
        at = {"termhost": [], "sshd": []}
        banner = {"termhost": [], "sshd": []}
        errors = {"termhost": collections.Counter(), "sshd": collections.Counter()}
        cpu = {"termhost": 0.0, "sshd": 0.0}
        clients_cpu = {"termhost": 0.0, "sshd": 0.0}
        for r in range(ROUNDS):
            for name, port in ports.items():
                self.await_none(name)
                pid = self.daemon.pid if name == "termhost" else self.sshd.pid
                c0 = cpu_seconds(pid, children=True)
                log("burst %d of %d: %d clients on %s" % (r + 1, ROUNDS, N, name))
                argvs = [ssh_argv(self.key, port, self.users[i % USERS], cmd, flags=["-v"]) for i in range(N)]
                banners, times, errs, ccpu = burst(argvs, self.tmp)
                self.await_none(name)  # its CPU includes the logoffs: sshd's children are waited for then
                cpu[name] += cpu_seconds(pid, children=True) - c0
                clients_cpu[name] += ccpu
                at[name] += times
                banner[name] += banners
                errors[name].update(errs)
                log("%s: %d of %d in; p50 %.2f s, p99 %.2f s; banner p99 %.2f s; %s"
                    % (name, sum(t != INF for t in times), N, percentile(times, 50), percentile(times, 99),
                       percentile(banners, 99), dict(errs) or ""))
        total = N * ROUNDS
        t_in, s_in = (sum(t != INF for t in at[n]) for n in ("termhost", "sshd"))
        rows = [row_tsv("logon burst of %d: got in, of %d" % (N, total), t_in, "sshd", s_in,
                        "all in: %s" % ("met" if t_in == total else "NOT met"))]
        for q in (50, 99):
            rows.append(row_tsv("logon burst of %d: p%d ms to the command" % (N, q),
                                percentile(at["termhost"], q) * 1000, "sshd", percentile(at["sshd"], q) * 1000, ""))
        b99 = percentile(banner["termhost"], 99)
        rows.append(row_tsv("  p99 ms to the version banner", b99 * 1000, "sshd", percentile(banner["sshd"], 99) * 1000,
                            "< %d s: %s" % (CONNECT_TIMEOUT, "met" if b99 < CONNECT_TIMEOUT else "NOT met")))
        rows.append(row_tsv("  CPU ms per logon+logoff, daemon and children", cpu["termhost"] * 1000 / total,
                            "sshd", cpu["sshd"] * 1000 / total, ""))
        rows.append(row_tsv("  CPU ms per logon, the ssh client's", clients_cpu["termhost"] * 1000 / total,
                            "sshd", clients_cpu["sshd"] * 1000 / total, ""))
        notes = ["%s: failed clients: %s" % (n, dict(e)) for n, e in errors.items() if e]
        return rows, notes

    def hold(self, port, ready, *command, flags=()):
        """N logons, 8 at a time (bench/ptyssh.py), held until release() once `ready` exists."""
        argv = [sys.executable, os.path.join(BENCH, "ptyssh.py"), "hold", "--marker", MARKER, "--users",
                ",".join(self.users), "--per-user", str(N // USERS), "--timeout", "900", "--ready-file",
                os.path.join(self.tmp, ready), "--then", "keep", "--"] + ssh_argv(self.key, port, "{user}", *command,
                                                                                  flags=flags)
        p = subprocess.Popen(argv)
        wait_until(lambda: os.path.exists(os.path.join(self.tmp, ready)) or p.poll() is not None, 1200, ready)
        if p.poll() is not None:
            raise RuntimeError("could not open %d sessions (%s)" % (N, ready))
        time.sleep(2)
        return p

    @staticmethod
    def release(p):
        """Ends the held clients (SIGTERM): exec sessions are logged off, interactive ones disconnected."""
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=120)

    def daemon_memory(self):
        d = self.daemon
        heap = d.heap_used_kib()  # a full GC first
        m = {"heap": heap, "rss": kib(d.pid, "rss"), "pss": kib(d.pid, "pss"), "threads": threads(d.pid)}
        log("daemon: %s" % m)
        return m

    def sshd_memory(self):
        pids = self.sshd.connection_pids()
        m = {"rss": sum(kib(p, "rss") for p in pids), "pss": sum(kib(p, "pss") for p in pids), "procs": len(pids)}
        log("sshd's per-connection processes: %s" % m)
        return m

    def memory(self):
        exec_cmd = ("echo %s; exec sleep 600" % MARKER,)
        log("memory: %d running exec sessions on a fresh termhost" % N)
        self.start_daemon("exec")
        m0 = self.daemon_memory()
        p = self.hold(self.daemon.port, "ready.exec", *exec_cmd)
        m_exec = self.daemon_memory()
        self.release(p)
        log("memory: %d interactive sessions on a fresh termhost, connected, then disconnected" % N)
        self.start_daemon("tty")
        m1 = self.daemon_memory()
        p = self.hold(self.daemon.port, "ready.tty", flags=["-tt"])
        m_conn = self.daemon_memory()
        self.release(p)
        wait_until(lambda: self.states().get("disconnected", 0) == N, 120, "%d disconnected sessions" % N,
                   self.states)
        m_disc = self.daemon_memory()
        self.stop()

        log("memory: %d exec, then %d interactive sessions on sshd" % (N, N))
        p = self.hold(self.sshd.port, "ready.sshd-exec", *exec_cmd)
        s_exec = self.sshd_memory()
        self.release(p)
        self.await_none("sshd")
        p = self.hold(self.sshd.port, "ready.sshd-tty", flags=["-tt"])
        s_tty = self.sshd_memory()
        self.release(p)

        ex, conn, disc = per(m0, m_exec, N), per(m1, m_conn, N), per(m1, m_disc, N)
        ratio = ex["pss"] / conn["pss"] if conn["pss"] > 0 else float("inf")
        rows = [
            row_tsv("daemon PSS KiB per running exec session", ex["pss"], "interactive", conn["pss"],
                    "<= 2.00x: %s" % ("met" if ratio <= 2.0 else "NOT met")),
            row_tsv("  RSS KiB", ex["rss"], "interactive", conn["rss"], ""),
            row_tsv("  live heap KiB", ex["heap"], "interactive", conn["heap"], ""),
            row_tsv("  daemon threads added per 100 sessions", ex["threads"] * 100, "interactive",
                    conn["threads"] * 100, ""),
            row_tsv("  beside sshd's, PSS KiB per exec session", ex["pss"], "sshd", s_exec["pss"] / N, ""),
            row_tsv("daemon PSS KiB, interactive session, connected", conn["pss"], "sshd", s_tty["pss"] / N, ""),
            row_tsv("  the same, disconnected", disc["pss"], "", None, ""),
        ]
        notes = ["memory (KiB, threads): termhost before %s, with %d exec %s; another before %s, with %d connected "
                 "%s, then disconnected %s; sshd's per-connection processes with %d exec %s, with %d interactive %s"
                 % (m0, N, m_exec, m1, N, m_conn, m_disc, N, s_exec, N, s_tty)]
        return rows, notes


def main():
    if os.geteuid() != 0:
        sys.exit("bench/storm.py: needs root (users, cgroups, sshd)")
    tmp = tempfile.mkdtemp(prefix="termhost-storm-bench.")
    os.chmod(tmp, 0o755)
    users = ["thbt%du%d" % (os.getpid(), i) for i in range(1, USERS + 1)]
    b = sshd = None
    made = []
    try:
        key = key_and_users(tmp, users, made, MARKER)
        # MaxStartups: sshd refuses (at random, from 10 on) connections beyond it that have not
        # logged on yet; MaxSessions is per connection, one here
        sshd = Sshd(tmp, ["MaxStartups %d" % N])
        b = Bench(tmp, users, key, sshd, "termhost-bench-storm-%d" % os.getpid())
        rows, notes = [], []
        for part in (b.bursts, b.memory):
            if A.only is None or part.__name__.startswith(A.only):
                r, n = part()
                rows += r
                notes += n
        if A.tsv:
            print("\n".join(rows))
            for n in notes:
                log(n)
            return
        print("  load average %s; %d CPUs" % (open("/proc/loadavg").read().split()[:3], os.cpu_count()))
        print_rows(rows)
        for n in notes:
            print("  " + n)
    except BaseException:
        if b is not None and b.daemon is not None:
            log("the daemon's last output:\n" + b.daemon.tail())
        raise
    finally:
        if b is not None:
            b.stop()
        if sshd is not None:
            sshd.stop()
        for u in made:
            remove_user(u)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
