#!/usr/bin/env python3
"""The farm (issue 15): three termhost hosts on one PostgreSQL directory, and a simulation to 100 hosts.

  bench/farm.py [--quick] [--only listing,lost,relay,simulate] [--steps 10,30,100] [--rate 1.0] [--measure 60]

Needs root. Its PostgreSQL is the tests' private cluster (Debian's postgresql package, initdb and
pg_ctl as the postgres user, a free loopback port, a generated password; `FarmBench postgres`, a
main class of the daemon's tests, runs it and answers this script's questions about the directory
over a pipe), configured as in production but for max_connections=500; it is stopped and removed
when that pipe closes, whatever ends this script.

 listing: 20 users, three daemons of farm "farm" (host-a, host-b, host-c on 127.0.0.2, .3, .4, the
    default lease of 15 s, heartbeat 5 s), each with 300 interactive sessions (--quick: 50) opened by
    the real `ssh -tt` (bench/ptyssh.py) and left disconnected (clients killed), as bench/scale.py
    does; once the directory holds all 900, by turns: `query session /server:FARM` on host-a (the
    command, and its request alone on the control socket), the same without /server (host-a's own
    300) and `java -version`. Median and p95 of each.
 lost: SIGKILL of host-c's daemon, timed until the directory marks it lost, against the lease plus
    the sweep interval (the others' heartbeat), at which a lost host must be found; host-c is then
    started again (it re-adopts its sessions and registers with a new epoch). With the default lease
    (15 s / 5 s) and a short one (2 s / 0.5 s: all three daemons restarted with it).
 relay: three daemons that relay logons (farm.pinned-keys: the three hosts' keys, as ssh-keyscan reads
    them), one user with a disconnected session on host-b. By turns (2 warm-up rounds, then 21; --quick
    7), the order swapped every round: the real `ssh -tt` reconnects to it through host-a (relayed) and
    directly on host-b (direct), each timed from the client's start to the user's prompt on its
    screen (logon); in the same connection `head -c 24M /dev/zero | tr | fold` runs in the shell, timed
    from the command's Enter to a marker printed after it (throughput, MB/s of the command's output);
    then the client is killed and the next waits until host-b shows the session disconnected. Medians,
    the median of the rounds' ratios, and each step of the relay as the daemons log it (debug).
 simulate: `FarmBench simulate`: simulated hosts of 1000 sessions (the daemon's real Farm: local
    SQLite store, publishing store, member thread, heartbeat and sweep, command listener) join the
    directory in steps; at each, sessions change state at --rate per host per second while one host
    lists the farm; the server's CPU, each call's latency, connections and table sizes per step.

Everything it made (clients, daemons, cgroups, users, the PostgreSQL cluster, temp dirs) is removed on exit.
"""
import os
import random
import re
import selectors
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

import ptyssh
from benchlib import (Daemon, ROOT, logger, median_ms, print_rows, remove_cgroups, remove_user, request, row_tsv,
                      key_and_users, wait_until, wall)

QUICK = "--quick" in sys.argv
USERS = 20
PER_USER = 3 if QUICK else 15  # per host: 20 x 15 = 300
HOSTS = (("host-a", "127.0.0.2"), ("host-b", "127.0.0.3"), ("host-c", "127.0.0.4"))
REPS = 7 if QUICK else 21
LEASES = ((15.0, 5.0, 1 if QUICK else 3), (2.0, 0.5, 2 if QUICK else 6))  # lease s, heartbeat s, kills
MARKER = "THFARM-READY"
BENCH = os.path.dirname(os.path.abspath(__file__))
log = logger("farm-bench")


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


ONLY = arg("--only", "listing,lost,relay,simulate").split(",")
RELAY_REPS = 7 if QUICK else 21
RELAY_WARM = 2
RELAY_BYTES = 24 * 1000 * 1000


def test_classpath(tmp):
    """The daemon's jars and its test classes (FarmBench, the tests' PostgresCluster), compiled if
    older than their sources, copied to tmp so a rebuild meanwhile cannot change them."""
    subprocess.run([os.path.join(ROOT, "termhost"), "config", "/?"], stdout=subprocess.DEVNULL, check=True)
    target = os.path.join(ROOT, "daemon", "target")
    made = os.path.join(target, "test-classes", "termhost", "daemon", "farm", "bench", "FarmBench.class")
    newest = max(os.path.getmtime(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(ROOT, "daemon", "src", "test"))
                 for f in fs)
    if not os.path.exists(made) or os.path.getmtime(made) < newest:
        log("compiling the daemon's test classes")
        subprocess.run(["mvn", "-B", "-o", "-q", "test-compile", "-pl", "daemon", "-am"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    jars = os.path.join(tmp, "bench-jars")
    shutil.copytree(os.path.join(target, "lib"), os.path.join(jars, "lib"))
    shutil.copytree(os.path.join(target, "test-classes"), os.path.join(jars, "test-classes"))
    for d, f in (("daemon", "termhost-daemon-0.1.0-SNAPSHOT.jar"), ("api", "termhost-api-0.1.0-SNAPSHOT.jar")):
        shutil.copy(os.path.join(ROOT, d, "target", f), jars)
    return ":".join([jars + "/test-classes", jars + "/*", jars + "/lib/*"])


class Directory:
    """`FarmBench postgres`: the PostgreSQL of this run, and questions about its directory."""

    def __init__(self, classpath):
        self.proc = subprocess.Popen(["java", "-cp", classpath, "termhost.daemon.farm.bench.FarmBench", "postgres"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("url "):
            self.close()
            raise RuntimeError("no PostgreSQL: %r" % line)
        self.url = line.split(" ", 1)[1].strip()

    def ask(self, line):
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if not answer.startswith(line.split()[0] + " "):
            raise RuntimeError("%s: %r" % (line, answer))
        return answer

    def close(self):
        """End of input: it stops the server and removes its directory."""
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.terminate()  # its shutdown hook removes the cluster
            self.proc.wait(timeout=60)


def farm_settings(url, host, lease=None, heartbeat=None, multiple=True):
    s = (["sessions.multiple-per-user=true"] if multiple else []) + ["farm.url=" + url, "farm.name=farm",
                                                                    "farm.host=" + host]
    if lease:
        s += ["farm.lease=%dms" % (lease * 1000), "farm.heartbeat=%dms" % (heartbeat * 1000)]
    return s


def open_sessions(daemon, address, users, key, tmp):
    """PER_USER sessions of each user on daemon, left disconnected (their clients killed)."""
    ssh = ["ssh", "-tt", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
           "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-i", key,
           "-p", str(daemon.port), "{user}@" + address]
    ready = os.path.join(tmp, "ready." + address)
    subprocess.run([sys.executable, os.path.join(BENCH, "ptyssh.py"), "hold", "--marker", MARKER, "--users",
                    ",".join(users), "--per-user", str(PER_USER), "--timeout", "1200", "--ready-file", ready,
                    "--then", "kill", "--"] + ssh, check=True)


def timed_request(sock, fields):
    t0 = time.perf_counter()
    t, reply, rows = request(sock, "query-session", fields)
    if t != "result":
        raise RuntimeError("query-session %s: %s" % (fields, reply))
    return time.perf_counter() - t0, rows


def p95_ms(xs):
    return sorted(xs)[max(0, -(-95 * len(xs) // 100) - 1)] * 1000.0


def listing_rows(a, n):
    """`query session /server:FARM` on host-a beside its local listing and `java -version`, by turns."""
    env = dict(os.environ, TERMHOST_SOCKET=a.sock)
    farm_cmd = [a.wrapper("query"), "session", "/server:FARM"]
    local_cmd = [a.wrapper("query"), "session"]
    listed = subprocess.run(farm_cmd, env=env, capture_output=True, text=True, check=True).stdout
    servers = {line.split()[-1] for line in listed.splitlines()[1:] if line.split()}
    log("query session /server:FARM lists %d lines, servers %s" % (len(listed.splitlines()) - 1, sorted(servers)))
    a.await_cds_archive()
    for _ in range(3):  # warm-up: the daemon's listing path, the page cache
        wall(farm_cmd, env), wall(local_cmd, env), timed_request(a.sock, {"server": "FARM"})
    req_farm, req_local, cmd_farm, cmd_local, java = [], [], [], [], []
    for _ in range(REPS):
        took, rows = timed_request(a.sock, {"server": "FARM"})
        if len(rows) < n:
            raise RuntimeError("the farm listing has %d rows, not %d" % (len(rows), n))
        req_farm.append(took)
        req_local.append(timed_request(a.sock, {})[0])
        java.append(wall(["java", "-version"]))
        cmd_farm.append(wall(farm_cmd, env))
        cmd_local.append(wall(local_cmd, env))
    med = median_ms(req_farm)
    return [
        row_tsv("query session /server:FARM, %d sessions: request, median ms" % n, med,
                "local %d" % (n // 3), median_ms(req_local), "< 100 ms: %s" % ("met" if med < 100 else "NOT met")),
        row_tsv("  request, p95 ms", p95_ms(req_farm), "local", p95_ms(req_local), ""),
        row_tsv("query session /server:FARM: command, median ms", median_ms(cmd_farm), "java -version",
                median_ms(java), ""),
        row_tsv("  command, p95 ms", p95_ms(cmd_farm), "java -version", p95_ms(java), ""),
        row_tsv("  query session (host-a's %d): command, median ms" % (n // 3), median_ms(cmd_local), "java -version",
                median_ms(java), ""),
        row_tsv("  query session (local): command, p95 ms", p95_ms(cmd_local), "java -version", p95_ms(java), ""),
    ]


def lost_rows(directory, daemons, url):
    """SIGKILL of host-c until the directory marks it lost, per lease setting."""
    rows = []
    for lease, heartbeat, kills in LEASES:
        default = lease == 15.0
        settings = {h: farm_settings(url, h, None if default else lease, heartbeat) for h, _ in HOSTS}
        if not default:
            for h, d in daemons.items():  # every host with the short lease: the sweepers' heartbeat counts too
                d.stop()
                d.restart(settings[h])
        for h, _ in HOSTS:
            directory.ask("up " + h)
        found = []
        for _ in range(kills):
            # a kill falls anywhere between two renewals, as a crash would
            time.sleep(heartbeat * (1 + random.random()))
            c = daemons["host-c"]
            os.kill(c.pid, signal.SIGKILL)
            answer = directory.ask("lost host-c")
            c.proc.wait()
            found.append(float(answer.split()[2]))
            log("lease %.1f s, heartbeat %.1f s: host-c lost after %.0f ms" % (lease, heartbeat, found[-1]))
            c.restart(settings["host-c"])
            directory.ask("up host-c")
        bound = (lease + heartbeat) * 1000
        rows.append(row_tsv("killed host marked lost, lease %g s / heartbeat %g s: median ms" % (lease, heartbeat),
                            statistics.median(found), "lease + sweep", bound, ""))
        rows.append(row_tsv("  the longest of %d kills, ms" % kills, max(found), "lease + sweep", bound,
                            "<= lease + sweep: %s" % ("met" if max(found) <= bound else "NOT met")))
    return rows


def pin_keys(daemons, path):
    """Each host's keys, as ssh-keyscan reads them from its listener, under its farm name: the
    pinned-keys file of every host (root's, 0644), as an administrator enrols hosts."""
    lines = []
    for h, address in HOSTS:
        scan = subprocess.run(["ssh-keyscan", "-p", str(daemons[h].port), "-t", "ed25519,ecdsa", address],
                              capture_output=True, text=True).stdout
        keys = [h + " " + line.split(" ", 1)[1] for line in scan.splitlines() if line and not line.startswith("#")]
        if len(keys) != 2:
            raise RuntimeError("ssh-keyscan of %s gave %r" % (h, scan))
        lines += keys
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o644)


def ssh_tt(key, port, user, address):
    return ["ssh", "-tt", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-i", key, "-p", str(port),
            user + "@" + address]


class Visit:
    """One interactive logon with the real ssh -tt on a PTY: the time to the prompt, then the
    throughput of a command's output in the shell; the client is killed at the end (a disconnect)."""

    def __init__(self, argv, tag):
        self.pid, self.fd = ptyssh.spawn(argv)
        self.t0 = time.monotonic()
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.fd, selectors.EVENT_READ)
        self.buf = b""
        self.received = 0
        self.tag = tag
        try:
            self.logon = self.until(MARKER.encode(), 60, "the prompt") - self.t0
            self.mbps = self.throughput()
        finally:
            self.close()

    def until(self, marker, timeout, what):
        deadline = time.monotonic() + timeout
        while True:
            data = ptyssh.read_some(self.fd)
            if data is None:
                raise RuntimeError("the client ended before %s; output: %r" % (what, self.buf[-2000:]))
            if data:
                self.received += len(data)
                self.buf = (self.buf + data)[-65536:]
                if marker in ptyssh.ESC.sub(b"", self.buf):
                    return time.monotonic()
                continue
            if time.monotonic() > deadline:
                raise RuntimeError("no %s within %d s; output: %r" % (what, timeout, self.buf[-2000:]))
            self.sel.select(0.5)

    def throughput(self):
        self.buf, self.received = b"", 0
        # typed as DONE-%s, printed as DONE-<tag>: only the output matches
        os.write(self.fd, b"head -c %d /dev/zero | tr '\\0' x | fold -w 100; printf 'DONE-%%s\\n' %s\r"
                 % (RELAY_BYTES, self.tag.encode()))
        t0 = time.monotonic()
        took = self.until(("DONE-" + self.tag).encode(), 120, "the end of the output") - t0
        self.wire = self.received  # what tmux sent for it: its screen updates, not every byte
        return RELAY_BYTES * 1.01 / 1e6 / took

    def close(self):
        self.sel.close()
        ptyssh.reap(self.pid, self.fd)


def relay_rows(directory, tmp, users, key):
    """Logon and throughput relayed through host-a to a session on host-b, against the same directly on host-b."""
    pinned = os.path.join(tmp, "farm_hosts")
    os.environ["TERMHOST_LOG"] = ",".join("termhost.daemon.transport.ssh.%s=debug" % c
                                          for c in ("Relaying", "RelayClient", "ShellCommand"))
    daemons = {}
    try:
        for h, address in HOSTS:
            log("starting %s on %s (relaying)" % (h, address))
            daemons[h] = Daemon(os.path.join(tmp, "relay-" + h), "termhost-bench-farm-%d-relay-%s" % (os.getpid(), h),
                                farm_settings(directory.url, h, multiple=False) + ["farm.pinned-keys=" + pinned],
                                listen=address + ":0")
    finally:
        del os.environ["TERMHOST_LOG"]
    try:
        pin_keys(daemons, pinned)
        for h, _ in HOSTS:
            directory.ask("up " + h)
        a, b = daemons["host-a"], daemons["host-b"]
        user = users[0]
        relayed_argv = ssh_tt(key, a.port, user, HOSTS[0][1])
        direct_argv = ssh_tt(key, b.port, user, HOSTS[1][1])

        def state():
            rows = [r for r in request(b.sock, "query-session", {})[2] if r.get("user") == user]
            return rows[0]["state"] if len(rows) == 1 else "%d sessions" % len(rows)

        # the session: a new one, on host-b (equal loads: the entry host keeps it)
        Visit(direct_argv, "first")
        wait_until(lambda: state() == "disconnected", 30, "the session on host-b, disconnected", state)
        logons = {"relayed": [], "direct": []}
        wire = {"relayed": [], "direct": []}
        rates = {"relayed": [], "direct": []}
        load = loadavg()
        for i in range(RELAY_WARM + RELAY_REPS):
            order = ("relayed", "direct") if i % 2 == 0 else ("direct", "relayed")
            for kind in order:
                v = Visit(relayed_argv if kind == "relayed" else direct_argv, "%s%d" % (kind, i))
                wait_until(lambda: state() == "disconnected", 30, "the session disconnected", state)
                if i >= RELAY_WARM:
                    logons[kind].append(v.logon)
                    rates[kind].append(v.mbps)
                    wire[kind].append(v.wire)
            if i >= RELAY_WARM:
                log("round %d: logon %.0f / %.0f ms, %.1f / %.1f MB/s" % (i - RELAY_WARM + 1, logons["relayed"][-1] * 1000,
                    logons["direct"][-1] * 1000, rates["relayed"][-1], rates["direct"][-1]))
        relayed_lines = a.lines_with("relayed to host-b: routing")
        if relayed_lines < RELAY_WARM + RELAY_REPS:
            raise RuntimeError("host-a relayed %d logons, not %d:\n%s" % (relayed_lines, RELAY_WARM + RELAY_REPS,
                                                                           a.tail(40)))
        steps = relay_steps(a, b)
        if os.environ.get("THBENCH_LOGS"):  # a directory for the daemons' whole output, to read afterwards
            for h, d in daemons.items():
                with open(os.path.join(os.environ["THBENCH_LOGS"], h + ".log"), "w") as f:
                    f.write(d.tail(len(d.output)))
    finally:
        for d in daemons.values():
            d.stop()
    med_l = {k: median_ms(v) for k, v in logons.items()}
    med_r = {k: statistics.median(v) for k, v in rates.items()}
    turn_l = statistics.median(r / d for r, d in zip(logons["relayed"], logons["direct"]))
    turn_r = statistics.median(r / d for r, d in zip(rates["relayed"], rates["direct"]))
    ratio_l, ratio_r = med_l["relayed"] / med_l["direct"], med_r["relayed"] / med_r["direct"]
    rows = [
        row_tsv("logon relayed (host-a to b), median ms", med_l["relayed"], "direct to host-b", med_l["direct"],
                "<= 1.15x: %s" % ("met" if ratio_l <= 1.15 else "NOT met")),
        row_tsv("  logon relayed, p95 ms", p95_ms(logons["relayed"]), "direct", p95_ms(logons["direct"]), ""),
        row_tsv("throughput relayed, MB/s", med_r["relayed"], "direct to host-b", med_r["direct"],
                ">= 0.8x: %s" % ("met" if ratio_r >= 0.8 else "NOT met")),
    ]
    notes = ["relay: %d rounds by turns after %d warm-up, load average before %s, after %s"
             % (RELAY_REPS, RELAY_WARM, load, loadavg()),
             "relay: median of the rounds' ratios: logon %.2fx, throughput %.2fx" % (turn_l, turn_r),
             "relay: the client received (tmux's screen updates) a median of %.1f MB relayed, %.1f MB direct"
             % (statistics.median(wire["relayed"]) / 1e6, statistics.median(wire["direct"]) / 1e6)] + steps
    return rows, notes


def relay_steps(a, b):
    """The median of each step of the relays (host-a's debug lines) and of host-b's own routing."""
    out = []
    for daemon, pattern, names in (
            (a, r"relayed to host-b: routing (\d+) ms, connection (\d+) ms, shell (\d+) ms",
             ("routing", "connection", "shell")),
            (a, r"connection to host-b for \S+: (?:\w+, )?key exchange (\d+) ms, authentication (\d+) ms",
             ("key exchange (or the rest of it)", "authentication")),
            (a, r"connection to host-b for \S+: (spare|fresh), ", ("connections",)),
            (b, r"stays here: routing (\d+) ms", ("host-b's own routing (direct)",)),
            (a, r"arrival (\d+) ms, relay (\d+) ms", ("host-a: arrival", "relay")),
            (b, r"arrival (\d+) ms, routing (\d+) ms", ("host-b: arrival", "routing")),
            (b, r"attached in (\d+) ms", ("host-b: attach",))):
        found = [re.search(pattern, line) for line in list(daemon.output)]
        found = [m for m in found if m]
        if found:
            parts = []
            for i, name in enumerate(names):
                vals = [m.group(i + 1) for m in found]
                if all(v.isdigit() for v in vals):
                    parts.append("%s %.0f ms" % (name, statistics.median(int(v) for v in vals)))
                else:
                    parts.append("%s: %s" % (name, ", ".join("%d %s" % (vals.count(x), x) for x in sorted(set(vals)))))
            out.append("relay steps (medians of %d): %s" % (len(found), ", ".join(parts)))
    return out


def simulate(classpath, tmp):
    steps = arg("--steps", "3,10" if QUICK else "10,30,100")
    measure = arg("--measure", "20" if QUICK else "60")
    argv = ["java", "-cp", classpath, "termhost.daemon.farm.bench.FarmBench", "simulate", steps, "1000",
            arg("--rate", "1.0"), measure]
    log("simulation: " + " ".join(argv[4:]))
    with open(os.path.join(tmp, "simulation.log"), "w+") as err:
        run = subprocess.run(argv, stdout=subprocess.PIPE, stderr=err, text=True)
        if run.returncode != 0:
            err.seek(0)
            raise RuntimeError("the simulation failed; its last output:\n" + "".join(err.readlines()[-40:]))
    return run.stdout


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def main():
    if os.geteuid() != 0:
        sys.exit("bench/farm.py: needs root (users, cgroups, PostgreSQL as the postgres user)")
    tmp = tempfile.mkdtemp(prefix="termhost-farm-bench.")
    os.chmod(tmp, 0o755)
    users = ["thbf%du%d" % (os.getpid(), i) for i in range(1, USERS + 1)]
    cgnames = ["termhost-bench-farm-%d-%s" % (os.getpid(), h) for h, _ in HOSTS]
    directory = None
    daemons = {}
    made = []
    rows = []
    notes = []
    sim = None
    try:
        start = loadavg()
        classpath = test_classpath(tmp)
        if "listing" in ONLY or "lost" in ONLY:
            directory = Directory(classpath)
            key = key_and_users(tmp, users, made, MARKER)
            for (h, address), cg in zip(HOSTS, cgnames):
                log("starting %s on %s" % (h, address))
                daemons[h] = Daemon(os.path.join(tmp, h), cg, farm_settings(directory.url, h), listen=address + ":0")
            if "listing" in ONLY:
                for h, address in HOSTS:
                    log("opening %d sessions on %s" % (USERS * PER_USER, h))
                    open_sessions(daemons[h], address, users, key, tmp)
                n = USERS * PER_USER * len(HOSTS)
                directory.ask("published %d" % n)
                listing_load = loadavg()
                rows += listing_rows(daemons["host-a"], n)
                notes.append("load average before the listing rows: " + listing_load)
            if "lost" in ONLY:
                lost_load = loadavg()
                rows += lost_rows(directory, daemons, directory.url)
                notes.append("load average before the kills: " + lost_load)
        if "relay" in ONLY:
            for d in daemons.values():  # their sessions and load are not to weigh on the relay's rows
                d.stop()
            if directory is None:
                directory = Directory(classpath)
                key = key_and_users(tmp, users[:1], made, MARKER)
            cgnames += ["termhost-bench-farm-%d-relay-%s" % (os.getpid(), h) for h, _ in HOSTS]
            relay, relay_notes = relay_rows(directory, tmp, users, key)
            rows += relay
            notes += relay_notes
        if directory is not None:
            # the three daemons and their server are not to weigh on the simulation
            for d in daemons.values():
                d.stop()
            directory.close()
        if "simulate" in ONLY:
            sim_load = loadavg()
            sim = simulate(classpath, tmp)
            sim += "load average before: %s, after: %s\n" % (sim_load, loadavg())
        print("termhost farm bench, %s, %d CPUs; load average at start %s, at end %s"
              % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.cpu_count(), start, loadavg()))
        if rows:
            print_rows(rows)
        for note in notes:
            print("  " + note)
        if sim:
            print()
            print(sim, end="")
    except BaseException:
        for h, d in daemons.items():
            log("%s's last output:\n%s" % (h, d.tail(30)))
        raise
    finally:
        for d in daemons.values():
            d.stop()
        if directory is not None:
            directory.close()
        remove_cgroups(*cgnames)
        for u in made:
            remove_user(u)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
