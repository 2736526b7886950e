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
import os, pwd, re, shutil, signal, socket, statistics, struct, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUICK = "--quick" in sys.argv
TSV = "--tsv" in sys.argv  # rows only, tab-separated, for bench/run's table
SIZES = [1, 100, 1000]
REPS = {1: 3, 100: 3, 1000: 2} if QUICK else {1: 7, 100: 5, 1000: 3}
CMD_REPS = 5 if QUICK else 11
MAGIC = 0x54480001
CG2 = "/sys/fs/cgroup/unified" if os.path.isdir("/sys/fs/cgroup/unified") else "/sys/fs/cgroup"


def log(*a):
    print("[logoff-bench %s]" % time.strftime("%H:%M:%S"), *a, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ wire format
def _s(b):
    b = b.encode()
    return struct.pack(">i", len(b)) + b


def frame(type_, fields):
    out = struct.pack(">i", MAGIC) + _s(type_) + struct.pack(">i", len(fields))
    for k, v in fields.items():
        out += _s(k) + _s(str(v))
    return out + struct.pack(">i", 0)


def _read(f, n):
    b = f.read(n)
    if len(b) != n:
        raise EOFError("short read")
    return b


def _rs(f):
    (n,) = struct.unpack(">i", _read(f, 4))
    return _read(f, n).decode()


def _rmap(f):
    (n,) = struct.unpack(">i", _read(f, 4))
    return {_rs(f): _rs(f) for _ in range(n)}


def request(sock_path, type_, fields):
    """Sends one request; returns (final message type, fields, rows) after the events."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(sock_path)
    s.sendall(frame(type_, fields))
    f = s.makefile("rb")
    try:
        while True:
            (magic,) = struct.unpack(">i", _read(f, 4))
            assert magic == MAGIC
            t = _rs(f)
            fl = _rmap(f)
            (nrows,) = struct.unpack(">i", _read(f, 4))
            rows = [_rmap(f) for _ in range(nrows)]
            if t != "event":
                return t, fl, rows
    finally:
        f.close()
        s.close()


# ------------------------------------------------------------------ helpers
def median_ms(xs):
    return statistics.median(xs) * 1000.0


def count_procs(cg):
    try:
        with open(os.path.join(cg, "cgroup.procs")) as f:
            return sum(1 for line in f if line.strip())
    except FileNotFoundError:
        return 0


def wait_until(pred, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return
        time.sleep(0.02)
    raise RuntimeError("timed out waiting for " + what)


def populated(cg):
    with open(os.path.join(cg, "cgroup.events")) as f:
        return "populated 1" in f.read()


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


def remove_cgroup(d):
    """Kills what is left in a cgroup and its children, then removes them (children first)."""
    if not os.path.isdir(d):
        return
    for sub in sorted(os.listdir(d)):
        if os.path.isdir(os.path.join(d, sub)):
            remove_cgroup(os.path.join(d, sub))
    if os.path.exists(os.path.join(d, "cgroup.kill")):
        with open(os.path.join(d, "cgroup.kill"), "w") as f:
            f.write("1")
        try:
            wait_until(lambda: not populated(d), 10, "cgroup empty")
        except RuntimeError:
            pass
    os.rmdir(d)


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
        subprocess.run(["useradd", "-m", "-s", "/bin/bash", user], check=True)
        subprocess.run(["usermod", "-p", "*", user], check=True)
        pw = pwd.getpwnam(user)
        key = os.path.join(tmp, "key")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
        sshdir = os.path.join(pw.pw_dir, ".ssh")
        os.makedirs(sshdir, exist_ok=True)
        shutil.copy(key + ".pub", os.path.join(sshdir, "authorized_keys"))
        subprocess.run(["chown", "-R", "%s:%s" % (user, user), sshdir], check=True)
        os.chmod(sshdir, 0o700)

        log("building and starting termhost")
        subprocess.run([os.path.join(ROOT, "termhost"), "config", "/?"], stdout=subprocess.DEVNULL, check=True)
        state = os.path.join(tmp, "state")
        jars = os.path.join(tmp, "jars")
        shutil.copytree(os.path.join(ROOT, "daemon", "target", "lib"), os.path.join(jars, "lib"))
        for f in os.listdir(os.path.join(ROOT, "daemon", "target")):
            if re.match(r"termhost-daemon-.*\.jar$", f):
                shutil.copy(os.path.join(ROOT, "daemon", "target", f), jars)
        daemon = subprocess.Popen(["java", "-XX:+UseSerialGC", "-cp", jars + "/*:" + jars + "/lib/*",
                                   "termhost.daemon.Daemon", "serve", "--listen", "127.0.0.1:0", "--state-dir", state,
                                   "--set", "cgroup.name=" + cgname, "--set", "logoff.grace-period=3s"],
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        port = None
        for line in daemon.stdout:
            m = re.search(r"termhost listening on [^ ]+:(\d+) ", line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            raise RuntimeError("termhost did not start")
        sock = os.path.join(state, "run", "control.sock")
        ssh = ["ssh", "-p", str(port), "-i", key, "-o", "IdentitiesOnly=yes", "-o", "StrictHostKeyChecking=no",
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

        rows = []
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
            rows.append(("logoff, %d-process session, median ms" % n, median_ms(ours), median_ms(floor), 1.2))
            log("n=%d: termhost %.1f ms, floor %.1f ms" % (n, median_ms(ours), median_ms(floor)))

        # the commands' wall time, beside the JVM's own start
        wrapper = os.path.join(state, "run", "bin", "logoff")
        wait_until(lambda: os.path.exists(os.path.join(state, "run", "lib", "cli.jsa")), 60, "the CDS archive")

        def wall(argv, env=None):
            t0 = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            return time.perf_counter() - t0

        jv = [wall(["java", "-version"]) for _ in range(CMD_REPS)]
        help_ = [wall([wrapper, "/?"]) for _ in range(CMD_REPS)]
        idle = []
        for _ in range(max(3, CMD_REPS // 2)):
            sid, p = session_with(1)
            idle.append(wall([wrapper, sid], dict(os.environ, TERMHOST_SOCKET=sock)))
            p.wait(timeout=30)
        rows.append(("command: logoff /?, median ms", median_ms(help_), median_ms(jv), 1.5))
        rows.append(("command: logoff ID (1-process), median ms", median_ms(idle), median_ms(jv), 1.5))

        def goal(ours, floor, limit):
            return "<= %.1fx: %s" % (limit, "met" if ours <= limit * floor else "NOT met")
        if TSV:
            for name, ours, floor, limit in rows:
                print("%s\t%.1f\t%.1f\t%.2fx\t%s" % (name, ours, floor, ours / floor, goal(ours, floor, limit)))
            return
        print("  load average %s; %d CPUs" % (open("/proc/loadavg").read().split()[:3], os.cpu_count()))
        print("%-44s %10s %10s %8s  %s" % ("metric", "termhost", "floor", "ratio", "goal"))
        for name, ours, floor, limit in rows:
            print("%-44s %10.1f %10.1f %7.2fx  %s" % (name, ours, floor, ours / floor, goal(ours, floor, limit)))
        print("  floor of the logoff rows: cgroup.kill on an equal cgroup until 'populated 0' and rmdir;")
        print("  floor of the command rows: java -version. termhost's rows include HUP+TERM, the audit row")
        print("  (fsync'd) and the store update, measured from the request to the reply.")
    finally:
        for p in held:
            if p.poll() is None:
                p.kill()
        if daemon is not None and daemon.poll() is None:
            daemon.send_signal(signal.SIGTERM)
            try:
                daemon.wait(timeout=30)
            except subprocess.TimeoutExpired:
                daemon.kill()
        for base in (CG2, "/sys/fs/cgroup/pids", "/sys/fs/cgroup/memory"):
            for name in (cgname, cgname + "-floor"):
                remove_cgroup(os.path.join(base, name))
        subprocess.run(["userdel", "-f", "-r", user], stderr=subprocess.DEVNULL)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
