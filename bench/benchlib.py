"""What bench/logoff.py, bench/scale.py and bench/storm.py share: the control socket's wire format, a
termhost daemon run from a copy of its jars, an sshd like bench/run's, test users, cgroup helpers and
the table row format.

Everything here that makes something (a daemon, a user, a cgroup) has its undo beside it; the
scripts call the undos in their `finally`.
"""
import os
import collections
import math
import pwd
import re
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAGIC = 0x54480001
CG2 = "/sys/fs/cgroup/unified" if os.path.isdir("/sys/fs/cgroup/unified") else "/sys/fs/cgroup"
V1_CONTROLLERS = ("/sys/fs/cgroup/pids", "/sys/fs/cgroup/memory")


def logger(tag):
    def log(*a):
        print("[%s %s]" % (tag, time.strftime("%H:%M:%S")), *a, file=sys.stderr, flush=True)
    return log


# ------------------------------------------------------------------ wire format (termhost.api.wire.WireCodec)
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


# ------------------------------------------------------------------ measuring
def median_ms(xs):
    return statistics.median(xs) * 1000.0


def wall(argv, env=None):
    """Wall time of one run of argv, output discarded."""
    t0 = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - t0


def beside_java(argv, reps, env=None):
    """Median wall times (ms) of argv and of `java -version`, run by turns so that load which comes
    and goes hits both alike: (argv's, java's)."""
    ours, java = [], []
    for _ in range(reps):
        java.append(wall(["java", "-version"]))
        ours.append(wall(argv, env))
    return median_ms(ours), median_ms(java)


def wait_until(pred, timeout, what, seen=None):
    """Waits for pred(); on timeout the error says what was awaited and, with seen, what there was."""
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return
        time.sleep(0.02)
    raise RuntimeError("timed out waiting for " + what + ("; there were: %s" % seen() if seen else ""))


def kib(pid, field):
    """VmRSS from /proc/PID/status or Pss from smaps_rollup, in KiB (0 when the process is gone)."""
    path, key = ("/proc/%d/status" % pid, "VmRSS:") if field == "rss" else ("/proc/%d/smaps_rollup" % pid, "Pss:")
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def cpu_seconds(pid=None, children=False):
    """CPU time used so far (user + system): by process pid (all its threads, from /proc/PID/stat;
    with children, also its children that ended and were waited for), or by the whole machine
    (from /proc/stat) when pid is None."""
    tick = os.sysconf("SC_CLK_TCK")
    if pid is not None:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return sum(int(x) for x in fields[11:15 if children else 13]) / tick
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v) - v[3] - v[4]) / tick  # all but idle and iowait


def row_tsv(name, ours, peer_name, peer, goal_text):
    """One row for bench/run's table: metric, termhost, peer, its value, ratio, goal (peer None: a
    row with no peer, e.g. the daemon's memory per session)."""
    # no ratio beside an infinite figure (a burst's p99 when more than 1 % never got in)
    ratio = "%.2fx" % (ours / peer) if peer and math.isfinite(ours) and math.isfinite(peer) else ""
    return "\t".join([name, "%.1f" % ours, peer_name, "%.1f" % peer if peer else "", ratio, goal_text])


def print_rows(rows):
    print("%-46s %10s  %-16s %10s %8s  %s" % ("metric", "termhost", "peer", "", "ratio", "goal"))
    for r in rows:
        name, ours, peer_name, peer, ratio, goal = r.split("\t")
        print("%-46s %10s  %-16s %10s %8s  %s" % (name, ours, peer_name, peer, ratio, goal))


# ------------------------------------------------------------------ cgroups
def count_procs(cg):
    try:
        with open(os.path.join(cg, "cgroup.procs")) as f:
            return sum(1 for line in f if line.strip())
    except FileNotFoundError:
        return 0


def populated(cg):
    with open(os.path.join(cg, "cgroup.events")) as f:
        return "populated 1" in f.read()


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
    try:
        os.rmdir(d)
    except OSError as e:
        print("could not remove cgroup %s: %s" % (d, e), file=sys.stderr)


def remove_cgroups(*names):
    for base in (CG2,) + V1_CONTROLLERS:
        for name in names:
            remove_cgroup(os.path.join(base, name))


# ------------------------------------------------------------------ users
def make_user(name, pubkey_file, marker=None):
    """A test user (password '*', so not locked) whose authorized_keys holds the bench key; with a
    marker, its PS1 is 'MARKER$ ' so a driver can see the prompt."""
    subprocess.run(["useradd", "-m", "-s", "/bin/bash", name], check=True)
    subprocess.run(["usermod", "-p", "*", name], check=True)
    pw = pwd.getpwnam(name)
    sshdir = os.path.join(pw.pw_dir, ".ssh")
    os.makedirs(sshdir, exist_ok=True)
    shutil.copy(pubkey_file, os.path.join(sshdir, "authorized_keys"))
    if marker:
        with open(os.path.join(pw.pw_dir, ".bashrc"), "a") as f:
            f.write("\n# termhost bench: a prompt the driver waits for\nPS1='%s$ '\n" % marker)
    subprocess.run(["chown", "-R", "%s:%s" % (name, name), pw.pw_dir], check=True)
    os.chmod(sshdir, 0o700)


def key_and_users(tmp, users, made, marker=None):
    """An ed25519 key in tmp and each of users made with it (see make_user); a user goes into made
    before it is made, so a cleanup of made removes a half-made one too. Returns the key's path."""
    key = os.path.join(tmp, "key")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key], check=True)
    for u in users:
        made.append(u)
        make_user(u, key + ".pub", marker)
    return key


def remove_user(name):
    """Whatever still runs as the user (it exists only for this run) is killed by PID, then the user goes."""
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                if os.stat("/proc/" + p).st_uid == uid:
                    os.kill(int(p), signal.SIGKILL)
            except (FileNotFoundError, ProcessLookupError):
                pass
    time.sleep(0.2)
    subprocess.run(["userdel", "-f", "-r", name], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# ------------------------------------------------------------------ the daemon
def java_flags():
    """The daemon's JVM flags, as the launcher ./termhost gives them (THBENCH_JAVA_FLAGS overrides
    them, to try others)."""
    if os.environ.get("THBENCH_JAVA_FLAGS"):
        return os.environ["THBENCH_JAVA_FLAGS"].split()
    with open(os.path.join(ROOT, "termhost")) as f:
        launcher = f.read().replace("\\\n", " ")
    m = re.search(r"^\s*exec java (.*?) -cp .*termhost\.daemon\.Daemon", launcher, re.M)
    return m.group(1).split() if m else ["-XX:+UseSerialGC"]


class Daemon:
    """termhost built through the launcher, then run from a copy of its jars (someone rebuilding the
    tree meanwhile cannot swap classes under it), on a free loopback port with its own state dir
    and cgroup name."""

    def __init__(self, tmp, cgname, settings=(), listen="127.0.0.1:0"):
        # THBENCH_JARS: a directory with another build's daemon jar and lib/, to compare two builds
        built = os.environ.get("THBENCH_JARS")
        own = []
        if not built:
            subprocess.run([os.path.join(ROOT, "termhost"), "config", "/?"], stdout=subprocess.DEVNULL, check=True)
            built = os.path.join(ROOT, "daemon", "target")
            # lib/ gets the reactor's own jars only at Maven's package phase, after the tests: a test
            # run since the launcher's last build leaves it without them, so they are taken as the
            # launcher takes them
            own = [os.path.join(ROOT, m, "target", "termhost-%s-0.1.0-SNAPSHOT.jar" % m) for m in ("api", "cli")]
        self.state = os.path.join(tmp, "state")
        self.jars = os.path.join(tmp, "jars")
        shutil.copytree(os.path.join(built, "lib"), os.path.join(self.jars, "lib"))
        # the native helpers and the commands' socket library, where the daemon looks beside its jar
        if os.path.isdir(os.path.join(built, "native")):
            shutil.copytree(os.path.join(built, "native"), os.path.join(self.jars, "native"))
        for f in os.listdir(built):
            if re.match(r"termhost-daemon-.*\.jar$", f):
                shutil.copy(os.path.join(built, f), self.jars)
        for jar in own:
            if not os.path.exists(os.path.join(self.jars, "lib", os.path.basename(jar))):
                shutil.copy(jar, self.jars)
        self.cgname = cgname
        self.listen = listen
        self.sock = os.path.join(self.state, "run", "control.sock")
        self.database = os.path.join(self.state, "state", "termhost.db")
        self._start(settings)

    def _start(self, settings):
        argv = ["java"] + java_flags() + ["-cp", self.jars + "/*:" + self.jars + "/lib/*", "termhost.daemon.Daemon",
                                          "serve", "--listen", self.listen, "--state-dir", self.state,
                                          "--set", "cgroup.name=" + self.cgname]
        for s in settings:
            argv += ["--set", s]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.pid = self.proc.pid
        self.port = None
        for line in self.proc.stdout:
            m = re.search(r"termhost listening on [^ ]+:(\d+) ", line)
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            self.stop()
            raise RuntimeError("termhost did not start")
        # keep draining its output so it never blocks on a full pipe; the tail is kept for errors
        self.output = collections.deque(maxlen=20000)
        threading.Thread(target=lambda: self.output.extend(self.proc.stdout), daemon=True).start()

    def restart(self, settings=()):
        """Starts it again, after stop() or a kill, from the same jars and state dir (so it re-adopts
        its sessions), with these settings."""
        self._start(settings)

    def wrapper(self, command):
        return os.path.join(self.state, "run", "bin", command)

    def await_cds_archive(self):
        wait_until(lambda: os.path.exists(os.path.join(self.state, "run", "lib", "cli.jsa")), 60, "the CDS archive")

    def gc(self):
        subprocess.run(["jcmd", str(self.pid), "GC.run"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)

    def heap_used_kib(self):
        """Live heap: the total of jcmd GC.class_histogram, which counts only live objects (it runs a
        full GC first)."""
        out = subprocess.run(["jcmd", str(self.pid), "GC.class_histogram"], capture_output=True, text=True).stdout
        m = re.search(r"^Total\s+\d+\s+(\d+)", out, re.M)
        return int(m.group(1)) // 1024 if m else 0

    def tail(self, n=100):
        """The daemon's last lines of output, for an error report."""
        return "".join(list(self.output)[-n:])

    def lines_with(self, text):
        """How many lines of the daemon's output (the last 20000) contain text."""
        return sum(text in line for line in list(self.output))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# ------------------------------------------------------------------ OpenSSH's sshd, the peer
def descendants(pid):
    """Every descendant PID of pid (from /proc/*/stat's parent field)."""
    children = collections.defaultdict(list)
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open("/proc/%s/stat" % p) as f:
                    children[int(f.read().rsplit(")", 1)[1].split()[1])].append(int(p))
            except (FileNotFoundError, ProcessLookupError):
                pass
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def comm(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except (FileNotFoundError, ProcessLookupError):
        return ""


class Sshd:
    """OpenSSH's sshd as bench/run runs it: its own config (loopback, a free port, its own ed25519
    host key, no PAM, public keys only), `sshd -D`; extra lines (e.g. MaxStartups) are appended."""

    def __init__(self, tmp, extra=()):
        d = os.path.join(tmp, "sshd")
        os.makedirs(d)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", os.path.join(d, "host_key")], check=True)
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        self.port = s.getsockname()[1]
        s.close()
        conf = os.path.join(d, "sshd_config")
        with open(conf, "w") as f:
            f.write("\n".join(["Port %d" % self.port, "ListenAddress 127.0.0.1",
                               "HostKey " + os.path.join(d, "host_key"), "PidFile " + os.path.join(d, "sshd.pid"),
                               "UsePAM no", "PubkeyAuthentication yes", "PasswordAuthentication no",
                               "KbdInteractiveAuthentication no", "AuthorizedKeysFile .ssh/authorized_keys",
                               "PrintMotd no", "X11Forwarding no"] + list(extra)) + "\n")
        self.made_run = not os.path.isdir("/run/sshd")
        if self.made_run:
            os.makedirs("/run/sshd", mode=0o755)
        subprocess.run(["/usr/sbin/sshd", "-t", "-f", conf], check=True)
        self.log = os.path.join(d, "sshd.log")
        self.proc = subprocess.Popen(["/usr/sbin/sshd", "-D", "-f", conf, "-E", self.log])
        self.pid = self.proc.pid
        wait_until(lambda: "Server listening" in open(self.log).read() if os.path.exists(self.log) else False, 10,
                   "sshd to listen")

    def connection_pids(self):
        """sshd's per-connection processes (privileged monitor and user child), not the listener, not
        what runs under them."""
        return [p for p in descendants(self.pid) if comm(p) == "sshd"]

    def stop(self):
        """Per-connection processes (and what runs under them) first, by PID, then the listener."""
        for p in reversed(descendants(self.pid)):
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.made_run:
            try:
                os.rmdir("/run/sshd")
            except OSError:
                pass
