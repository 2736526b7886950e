#!/usr/bin/env python3
"""termhost exec throughput beside OpenSSH's sshd, in the same run (bench/run's throughput rows):

  bench/throughput.py [--quick] [--tsv] [--ciphers] [--only LABEL,...] [--reps N] [--warm N]

Each row is `head -c 200M /dev/zero` run by a client against both servers by turns (termhost,
sshd, termhost, ...), in MB/s (10^6 bytes) from the first byte to the last, median of the
repetitions. Labels: `default` (OpenSSH's ssh with its compiled-in defaults), `plink`, `dbclient`,
`paramiko`, `asyncssh` (each with its own defaults), `aes128-gcm` (ssh -c aes128-gcm@openssh.com);
with --ciphers also `aes256-gcm`, `aes128-ctr`, `aes256-ctr` and `chacha20` (sshd only). --only
keeps the labels named.

Warm-up, the same for both servers: `--warm` transfers (default 3) with OpenSSH's default, then one
per row's client or cipher (each takes its own code paths, which the JIT compiles on first use).
Without --tsv it also prints, per row, the spread (min-max) and the CPU seconds each server (with
the processes under it) and the client used per transfer: on 2 CPUs the server competes with the
client for them.

Needs root: it makes a test user, a termhost daemon and an sshd; all are removed on exit.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from benchlib import (Daemon, Sshd, cpu_seconds, key_and_users, logger, print_rows, remove_cgroups, remove_user,
                      row_tsv)

SIZE = 200 * 1024 * 1024
COMMAND = "head -c 200M /dev/zero"
CLIENTS = ["default", "plink", "dbclient", "paramiko", "asyncssh", "aes128-gcm"]
CIPHERS = {"aes128-gcm": "aes128-gcm@openssh.com", "aes256-gcm": "aes256-gcm@openssh.com",
           "aes128-ctr": "aes128-ctr", "aes256-ctr": "aes256-ctr", "chacha20": "chacha20-poly1305@openssh.com"}
HERE = os.path.dirname(os.path.abspath(__file__))
log = logger("throughput-bench")


class Clients:
    """The command line of each client with its defaults, the user's key in the format each needs."""

    def __init__(self, tmp, key, user, servers):
        self.key, self.user, self.servers = key, user, servers
        self.ppk, self.dropbear = key + ".ppk", key + ".dropbear"
        os.environ["PUTTYDIR"] = os.path.join(tmp, "putty")  # PuTTY's random seed goes there, not into root's home
        subprocess.run(["puttygen", key, "-O", "private", "-o", self.ppk], check=True)
        subprocess.run(["dropbearconvert", "openssh", "dropbear", key, self.dropbear], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.fingerprint = {}
        for name, port in servers.items():
            scan = subprocess.run(["ssh-keyscan", "-p", str(port), "-t", "ed25519", "127.0.0.1"],
                                  capture_output=True, text=True).stdout
            fp = subprocess.run(["ssh-keygen", "-lf", "-"], input=scan, capture_output=True, text=True).stdout
            self.fingerprint[name] = fp.split()[1]

    def argv(self, label, server, command=COMMAND, verbose=False):
        port, target = str(self.servers[server]), self.user + "@127.0.0.1"
        if label == "plink":
            return (["plink", "-batch"] + (["-v"] if verbose else []) + ["-hostkey", self.fingerprint[server],
                    "-i", self.ppk, "-P", port, target, command])
        if label == "dbclient":
            return ["dbclient", "-y", "-y", "-i", self.dropbear, "-p", port, target, command]
        if label in ("paramiko", "asyncssh"):
            return ["/usr/bin/python3", os.path.join(HERE, "pyssh.py"), label, port, self.user, self.key, command]
        cipher = ["-c", CIPHERS[label]] if label in CIPHERS else []
        return (["ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                 "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-i", self.key, "-p", port]
                + (["-v"] if verbose else []) + cipher + [target, command])

    def negotiated(self, label, server):
        """What the client says it negotiated (dbclient keeps it to itself): '?' when it does not say."""
        err = subprocess.run(self.argv(label, server, "true", verbose=True), stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True).stderr
        for line in err.splitlines():
            if "kex: server->client cipher:" in line:  # ssh -v
                words = line.split()
                return words[words.index("cipher:") + 1] + " + " + words[words.index("MAC:") + 1]
            if line.startswith("cipher: "):  # pyssh.py
                return line[len("cipher: "):]
            if line.startswith("Initialised ") and "outbound encryption" in line:  # plink -v
                return line[len("Initialised "):line.index(" outbound")].split(" (")[0]
        return "?"


class CpuMeter:
    """CPU time of a server and everything under it, the processes that ended included: a cgroup v1
    cpuacct group of its own (termhost moves sessions into v2 and pids/memory groups only), or,
    without that controller, the server's own times and those of the children it waited for."""
    ROOT = "/sys/fs/cgroup/cpuacct"

    def __init__(self, name, pid):
        self.pid, self.group = pid, None
        if os.path.isfile(os.path.join(self.ROOT, "cpuacct.usage")):
            self.group = os.path.join(self.ROOT, name)
            os.mkdir(self.group)
            with open(os.path.join(self.group, "cgroup.procs"), "w") as f:
                f.write(str(pid))

    def seconds(self):
        """(all, system) CPU seconds so far; system is 0 where it cannot be told apart."""
        if self.group is None:
            return cpu_seconds(self.pid, children=True), 0.0
        with open(os.path.join(self.group, "cpuacct.usage")) as f:
            total = int(f.read()) / 1e9
        with open(os.path.join(self.group, "cpuacct.stat")) as f:
            ticks = dict(line.split() for line in f)
        return total, int(ticks["system"]) / os.sysconf("SC_CLK_TCK")

    def remove(self):
        """Once the server stopped: whatever of it is left goes back to the root group first."""
        if self.group is None or not os.path.isdir(self.group):
            return
        with open(os.path.join(self.group, "cgroup.procs")) as f:
            left = f.read().split()
        for p in left:
            try:
                with open(os.path.join(self.ROOT, "cgroup.procs"), "w") as f:
                    f.write(p)
            except OSError:
                pass
        os.rmdir(self.group)


def transfer(argv):
    """Runs argv, reads its stdout; returns (MB/s from the first byte to the last, the client's CPU s)."""
    err = tempfile.TemporaryFile()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, stderr=err, bufsize=0)
    n, t0 = 0, None
    while True:
        b = p.stdout.read(1 << 20)
        if not b:
            break
        if t0 is None:
            t0 = time.monotonic()
        n += len(b)
    t1 = time.monotonic()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0 or n != SIZE:
        err.seek(0)
        raise RuntimeError("transfer failed (%s): rc=%d bytes=%d: %s" % (" ".join(argv[:2]), p.returncode, n,
                                                                         err.read()[-500:].decode(errors="replace")))
    return n / (t1 - t0) / 1e6, usage.ru_utime + usage.ru_stime


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--tsv", action="store_true", help="rows only, tab-separated, for bench/run's table")
    ap.add_argument("--ciphers", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("--reps", type=int)
    ap.add_argument("--warm", type=int, default=3)
    args = ap.parse_args()
    labels = CLIENTS + (["aes256-gcm", "aes128-ctr", "aes256-ctr", "chacha20"] if args.ciphers else [])
    if args.only:
        labels = [l for l in args.only.split(",") if l in labels or l in CIPHERS]
    reps = args.reps or (1 if args.quick else 3)

    tmp = tempfile.mkdtemp(prefix="termhost-tput.")
    os.chmod(tmp, 0o755)
    cgname = "termhost-tput-%d" % os.getpid()
    user = "thtp%d" % os.getpid()
    made, daemon, sshd, meters = [], None, None, {}
    try:
        key = key_and_users(tmp, [user], made)
        sshd = Sshd(tmp)
        daemon = Daemon(tmp, cgname)
        meters["termhost"] = CpuMeter(cgname + "-daemon", daemon.pid)
        meters["sshd"] = CpuMeter(cgname + "-sshd", sshd.pid)
        clients = Clients(tmp, key, user, {"termhost": daemon.port, "sshd": sshd.port})
        log("termhost pid %d, sshd pid %d; rows %s, %d warm-up + 1 per row, %d each"
            % (daemon.pid, sshd.pid, ",".join(labels), args.warm, reps))

        def one(label, server):
            c0, s0 = meters[server].seconds()
            mbs, client_cpu = transfer(clients.argv(label, server))
            time.sleep(0.3)  # the connection's last processes end
            c1, s1 = meters[server].seconds()
            return mbs, c1 - c0, client_cpu, s1 - s0

        servers = ["termhost", "sshd"]
        for _ in range(args.warm):
            for s in servers:
                one("default", s)
        for label in labels:
            for s in servers:
                if not (label == "chacha20" and s == "termhost"):
                    one(label, s)
        rows, notes = [], []
        for label in labels:
            got = {s: [] for s in servers}
            for _ in range(reps):
                for s in servers:
                    if not (label == "chacha20" and s == "termhost"):
                        got[s].append(one(label, s))
            mbs = {s: statistics.median(g[0] for g in got[s]) if got[s] else float("nan") for s in servers}
            if label == "default":
                name = "exec 200M, client default cipher, MB/s"
            elif label in CIPHERS:
                name = "exec 200M, -c %s, MB/s" % label
            else:
                name = "exec 200M, %s's default cipher, MB/s" % label
            goal = ""
            if label not in CIPHERS and mbs["sshd"] > 0:
                goal = ">= 0.90x: " + ("met" if mbs["termhost"] / mbs["sshd"] >= 0.9 else "NOT met")
            rows.append(row_tsv(name, mbs["termhost"], "sshd", mbs["sshd"], goal))
            ratios = sorted(a[0] / b[0] for a, b in zip(got["termhost"], got["sshd"]))
            notes.append("  %-10s %s; ratio by turns %s; CPU s per transfer (server of it system, client): %s" % (
                label, "; ".join("%s %s MB/s" % (s, "/".join("%.0f" % g[0] for g in got[s])) for s in servers),
                "/".join("%.2f" % r for r in ratios) or "-",
                "; ".join("%s %.2f of it %.2f, %.2f" % (s, statistics.median(g[1] for g in got[s]),
                                                      statistics.median(g[3] for g in got[s]),
                                                      statistics.median(g[2] for g in got[s]))
                          for s in servers if got[s])))
            log(notes[-1].strip())
        if args.tsv:
            print("\n".join(rows))
            return
        print("  load average %s; %d CPUs" % (" ".join(open("/proc/loadavg").read().split()[:3]), os.cpu_count()))
        for label in labels:
            print("  %s negotiates: termhost %s; sshd %s" % (
                label, clients.negotiated(label, "termhost"), clients.negotiated(label, "sshd")))
        print_rows(rows)
        print("\n".join(notes))
    finally:
        if daemon is not None:
            daemon.stop()
        if sshd is not None:
            sshd.stop()
        for m in meters.values():
            m.remove()
        remove_cgroups(cgname)
        for u in made:
            remove_user(u)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
