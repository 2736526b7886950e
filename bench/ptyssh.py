#!/usr/bin/env python3
"""PTY driver for bench/run: runs the OpenSSH client under pseudo-terminals.

  ptyssh.py prompt --runs N --marker TEXT -- ssh ARGS...
      N times, one after the other: start `ssh ARGS` on a fresh PTY, wait until TEXT (the
      test user's PS1) appears in its output, note the time since the start, type `exit`, wait for
      the client to end. Prints one line: the N times in milliseconds.

  ptyssh.py hold --marker TEXT --users U1,U2,... --per-user K --ready-file F [--then kill|keep]
                 -- ssh ARGS-with-{user}...
      Opens len(users)*K interactive logons ({user} in ARGS replaced; users interleaved), at most
      --parallel pending at once, all held open at the same time, until every one shows TEXT.
      Then writes F. --then kill: SIGKILL every client (the server sees a dropped connection) and
      exit. --then keep: keep them open until SIGTERM/SIGINT, then close them and exit.
"""
import argparse
import fcntl
import os
import pty
import re
import selectors
import signal
import struct
import sys
import termios
import time

ESC = re.compile(rb"\x1b(\[[0-9;?>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78MDEHc])")


def spawn(argv):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.set_blocking(fd, False)
    return pid, fd


def read_some(fd):
    try:
        return os.read(fd, 65536)
    except BlockingIOError:
        return b""
    except OSError:  # EIO: the client ended
        return None


REAPED = set()


def wait_exit(pid, timeout):
    end = time.monotonic() + timeout
    while True:
        if pid in REAPED:
            return True
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            REAPED.add(pid)
            return True
        if time.monotonic() >= end:
            return False
        time.sleep(0.01)


def reap(pid, fd):
    if not wait_exit(pid, 0):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        wait_exit(pid, 10)
    try:
        os.close(fd)
    except OSError:
        pass


class Client:
    def __init__(self, argv, marker):
        self.marker = marker.encode()
        self.buf = b""
        self.t0 = time.monotonic()
        self.pid, self.fd = spawn(argv)
        self.ready_at = None
        self.dead = False

    def feed(self):
        """Reads what is there; True once the marker was seen."""
        while True:
            data = read_some(self.fd)
            if data is None:
                self.dead = True
                break
            if not data:
                break
            self.buf = (self.buf + data)[-65536:]
        if self.ready_at is None and self.marker in ESC.sub(b"", self.buf):
            self.ready_at = time.monotonic()
        return self.ready_at is not None


def cmd_prompt(a):
    times = []
    for i in range(a.runs):
        c = Client(a.argv, a.marker)
        sel = selectors.DefaultSelector()
        sel.register(c.fd, selectors.EVENT_READ)
        deadline = c.t0 + a.timeout
        while not c.feed() and not c.dead:
            if time.monotonic() > deadline:
                break
            sel.select(0.5)
        if c.ready_at is None:
            sys.stderr.write("no prompt within %ss (run %d); output:\n%r\n" % (a.timeout, i, c.buf[-2000:]))
            reap(c.pid, c.fd)
            sys.exit(1)
        times.append((c.ready_at - c.t0) * 1000)
        os.write(c.fd, b"exit\r")
        # drain output until the client ends (the session is logged off)
        end = time.monotonic() + a.timeout
        while time.monotonic() < end and not c.dead:
            sel.select(0.2)
            c.feed()
            if wait_exit(c.pid, 0):
                break
        sel.close()
        if not wait_exit(c.pid, 5):
            sys.stderr.write("client did not end after exit (run %d)\n" % i)
        reap(c.pid, c.fd)
        if a.pause:
            time.sleep(a.pause)
    print(" ".join("%.1f" % t for t in times))


def cmd_hold(a):
    users = a.users.split(",")
    argvs = []
    for k in range(a.per_user):
        for u in users:
            argvs.append([x.replace("{user}", u) for x in a.argv])
    sel = selectors.DefaultSelector()
    clients, pending = [], []
    stop = {"now": False}

    def on_signal(*_):
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    todo = list(argvs)
    deadline = time.monotonic() + a.timeout
    while (todo or pending) and not stop["now"]:
        while todo and len(pending) < a.parallel:
            c = Client(todo.pop(0), a.marker)
            sel.register(c.fd, selectors.EVENT_READ, c)
            clients.append(c)
            pending.append(c)
        for key, _ in sel.select(0.5):
            key.data.feed()
        for c in list(pending):
            if c.ready_at is None:
                c.feed()
            if c.ready_at is not None:
                pending.remove(c)
            elif c.dead:
                sys.stderr.write("a client ended before its prompt; output:\n%r\n" % c.buf[-2000:])
                stop["now"] = True
        if time.monotonic() > deadline:
            sys.stderr.write("%d logons without a prompt after %ss\n" % (len(pending), a.timeout))
            stop["now"] = True
    ok = not todo and not pending
    if ok:
        with open(a.ready_file, "w") as f:
            f.write("%d\n" % len(clients))
    if ok and a.then == "keep":
        # keep reading so no client blocks on a full PTY, until told to stop
        while not stop["now"]:
            for key, _ in sel.select(0.5):
                key.data.feed()
    for c in clients:
        try:
            os.kill(c.pid, signal.SIGKILL if a.then == "kill" else signal.SIGTERM)
        except ProcessLookupError:
            pass
    for c in clients:
        if not wait_exit(c.pid, 5):
            os.kill(c.pid, signal.SIGKILL)
        reap(c.pid, c.fd)
    sys.exit(0 if ok else 1)


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    pp = sub.add_parser("prompt")
    pp.add_argument("--runs", type=int, default=10)
    pp.add_argument("--marker", required=True)
    pp.add_argument("--timeout", type=float, default=30)
    pp.add_argument("--pause", type=float, default=0)
    pp.add_argument("argv", nargs="+")
    ph = sub.add_parser("hold")
    ph.add_argument("--marker", required=True)
    ph.add_argument("--users", required=True)
    ph.add_argument("--per-user", type=int, required=True)
    ph.add_argument("--parallel", type=int, default=8)
    ph.add_argument("--ready-file", required=True)
    ph.add_argument("--then", choices=["kill", "keep"], default="kill")
    ph.add_argument("--timeout", type=float, default=300)
    ph.add_argument("argv", nargs="+")
    a = p.parse_args()
    {"prompt": cmd_prompt, "hold": cmd_hold}[a.cmd](a)


if __name__ == "__main__":
    main()
