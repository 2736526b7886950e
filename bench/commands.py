#!/usr/bin/env python3
"""termhost commands' start: where a command's wall time goes, each row beside `java -version`
run by turns with it (issue 14, item 4: every command at most 1.5x the JVM's own start).

  bench/commands.py [--quick] [--tsv]

Needs root (a daemon, for the wrappers it writes and their class-data archive). Rows run `logoff /?`
(the help: no daemon request, so only the start is measured), `logoff ID` of a session that does
not exist (a round trip and an error printed: the client's whole cost of a logoff, without the
daemon's work of one) or `query session` (a round trip, its table printed):
- host, launcher: `./termhost ...` as an administrator runs it in a checkout (bash, the build
  check, then the JVM with the archive the launcher keeps in cli/target);
- host, installed: the launcher as the package installs it, with the archive its postinst makes
  (`termhost --archive-classes`), and before that archive exists;
- host, JVM line alone: the launcher's java line with its archive, without bash; and the same line
  without the commands' socket library (the JDK's Unix socket, what a command pays without it);
- session wrapper: the wrapper on a session's PATH (the daemon's copy of the jars and its archive);
- floor, a jar's main: a class that prints one line, from a jar on -cp with the commands' flags:
  what any command of ours pays before its first line of code.
Everything it makes (daemon, its cgroup, a temp dir) is removed on exit.
"""
import os
import shutil
import subprocess
import sys
import tempfile

from benchlib import ROOT, Daemon, beside_java, logger, print_rows, remove_cgroups, row_tsv

QUICK = "--quick" in sys.argv
TSV = "--tsv" in sys.argv
REPS = 5 if QUICK else 15
log = logger("commands-bench")
FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xlog:cds*=off"]


def client_cp():
    return ":".join(os.path.join(ROOT, m, "target", "termhost-%s-0.1.0-SNAPSHOT.jar" % m) for m in ("cli", "api"))


def client_library():
    return os.path.join(ROOT, "cli", "target", "native", "libtermhost-client.so")


def hello_jar(tmp):
    """A jar whose main prints one line: the floor of a Java command started from a jar."""
    src = os.path.join(tmp, "hello")
    os.makedirs(src)
    with open(os.path.join(src, "Hello.java"), "w") as f:
        f.write("public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n")
    subprocess.run(["javac", "-d", src, os.path.join(src, "Hello.java")], check=True)
    jar = os.path.join(tmp, "hello.jar")
    subprocess.run(["jar", "cf", jar, "-C", src, "Hello.class"], check=True)
    return jar


def installed_layout(tmp):
    """The launcher as the package installs it (bin/termhost beside share/termhost/lib), in tmp, and
    the archive its postinst makes, in the cache dir it returns (TERMHOST_CACHE_DIR for it)."""
    lib = os.path.join(tmp, "inst", "share", "termhost", "lib")
    os.makedirs(lib)
    os.makedirs(os.path.join(tmp, "inst", "bin"))
    for m in ("cli", "api"):
        shutil.copy(os.path.join(ROOT, m, "target", "termhost-%s-0.1.0-SNAPSHOT.jar" % m),
                    os.path.join(lib, "termhost-%s.jar" % m))
    native = os.path.join(tmp, "inst", "lib", "termhost")
    os.makedirs(native)
    shutil.copy(client_library(), native)
    launcher = os.path.join(tmp, "inst", "bin", "termhost")
    shutil.copy(os.path.join(ROOT, "termhost"), launcher)
    cache = os.path.join(tmp, "cache")
    subprocess.run([launcher, "--archive-classes"], env=dict(os.environ, TERMHOST_CACHE_DIR=cache), check=True)
    return launcher, cache


def main():
    tmp = tempfile.mkdtemp(prefix="thbench-cmd-")
    os.chmod(tmp, 0o755)
    cgname = "termhost-bench-cmd-%d" % os.getpid()
    daemon = None
    try:
        daemon = Daemon(tmp, cgname)
        daemon.await_cds_archive()
        checkout = os.path.join(ROOT, "termhost")
        # the launcher makes its archive at its first run after a build: not a run to time
        subprocess.run([checkout, "logoff", "/?"], stdout=subprocess.DEVNULL, check=True)
        archive = os.path.join(ROOT, "cli", "target", "cli.jsa")
        jdk_socket = ["java", "-XX:SharedArchiveFile=" + archive] + FLAGS + ["-cp", client_cp(), "termhost.cli.Main"]
        jvm = jdk_socket[:-1] + ["-Dtermhost.client.native=" + client_library(), "termhost.cli.Main"]
        inst, cache = installed_layout(tmp)
        to_daemon = {"TERMHOST_STATE_DIR": daemon.state}
        cases = [
            ("command, host: termhost logoff /?, median ms", [checkout, "logoff", "/?"]),
            ("  host, installed", [inst, "logoff", "/?"], {"TERMHOST_CACHE_DIR": cache}),
            ("  host, installed, before postinst's archive", [inst, "logoff", "/?"],
             {"TERMHOST_CACHE_DIR": tmp + "/none"}),
            ("  host, its JVM line alone", jvm + ["logoff", "/?"]),
            ("command, host: termhost logoff ID (none such)", [checkout, "logoff", "4099"], to_daemon),
            ("  host, its JVM line alone", jvm + ["logoff", "4099"], to_daemon),
            ("  host, its JVM line with the JDK's socket", jdk_socket + ["logoff", "4099"], to_daemon),
            ("command, host: termhost query session", [checkout, "query", "session"], to_daemon),
            ("  host, installed", [inst, "query", "session"], dict(to_daemon, TERMHOST_CACHE_DIR=cache)),
            ("command, session: logoff /?, median ms", [daemon.wrapper("logoff"), "/?"]),
            ("command, session: logoff ID (none such)", [daemon.wrapper("logoff"), "4099"], to_daemon),
            ("command, session: query session", [daemon.wrapper("query"), "session"], to_daemon),
            ("  floor: a jar's main, same flags", ["java"] + FLAGS + ["-cp", hello_jar(tmp), "Hello"]),
        ]
        rows = []
        for name, argv, *env in cases:
            ours, jv = beside_java(argv, REPS, dict(os.environ, **env[0]) if env else None)
            goal = "<= 1.5x: %s" % ("met" if ours <= 1.5 * jv else "NOT met") if name.startswith("command") else ""
            rows.append(row_tsv(name, ours, "java -version", jv, goal))
            log("%s: %.1f ms, java -version %.1f ms" % (name.strip(), ours, jv))
        if TSV:
            print("\n".join(rows))
            return
        print("  load average %s; %d CPUs" % (open("/proc/loadavg").read().split()[:3], os.cpu_count()))
        print_rows(rows)
    finally:
        if daemon is not None:
            daemon.stop()
        remove_cgroups(cgname)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
