#!/usr/bin/env python3
"""termhost commands' start: where a command's wall time goes, each row beside `java -version`
run by turns with it (issue 14, item 4: every command at most 1.5x the JVM's own start).

  bench/commands.py [--quick] [--tsv]

Needs root (a daemon, for the wrappers it writes and their class-data archive). Rows, all running
`logoff /?` (the help: no daemon request, so only the start is measured):
- host, launcher: `./termhost logoff /?` as an administrator runs it on the host (bash, the
  build check of a checkout, then the JVM; installed, /usr/bin/termhost runs the same JVM line);
- host, installed: the launcher as the package installs it, with a daemon running (it runs the
  daemon's wrapper of the command) and without (its own JVM line);
- host, JVM line alone: the launcher's java line, without bash (the JDK's default CDS archive);
- host, JVM line + AppCDS: the same with an archive of the client's classes dumped at exit of one
  run, as the daemon makes for the wrappers;
- session wrapper: the wrapper on a session's PATH (the daemon's copy of the jars and its archive);
- floor, a jar's main: a class that prints one line, from a jar on -cp with the launcher's flags:
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
FLAGS = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData"]


def client_cp():
    return ":".join(os.path.join(ROOT, m, "target", "termhost-%s-0.1.0-SNAPSHOT.jar" % m) for m in ("cli", "api"))


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
    """The launcher as the package installs it (bin/termhost beside share/termhost/lib), in tmp; with
    TERMHOST_STATE_DIR it runs a command through that daemon's wrapper, as /usr/bin/termhost does
    through /run/termhost's."""
    lib = os.path.join(tmp, "inst", "share", "termhost", "lib")
    os.makedirs(lib)
    os.makedirs(os.path.join(tmp, "inst", "bin"))
    for m in ("cli", "api"):
        shutil.copy(os.path.join(ROOT, m, "target", "termhost-%s-0.1.0-SNAPSHOT.jar" % m),
                    os.path.join(lib, "termhost-%s.jar" % m))
    launcher = os.path.join(tmp, "inst", "bin", "termhost")
    shutil.copy(os.path.join(ROOT, "termhost"), launcher)
    return launcher


def main():
    tmp = tempfile.mkdtemp(prefix="thbench-cmd-")
    os.chmod(tmp, 0o755)
    cgname = "termhost-bench-cmd-%d" % os.getpid()
    daemon = None
    try:
        daemon = Daemon(tmp, cgname)
        daemon.await_cds_archive()
        archive = os.path.join(tmp, "host-cli.jsa")
        jvm = ["java", "-Xshare:auto"] + FLAGS + ["-cp", client_cp(), "termhost.cli.Main", "logoff", "/?"]
        subprocess.run([jvm[0], "-XX:ArchiveClassesAtExit=" + archive] + jvm[1:], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        inst = installed_layout(tmp)
        cases = [
            ("command, host: termhost logoff /?, median ms", [os.path.join(ROOT, "termhost"), "logoff", "/?"]),
            ("  host, installed, daemon running", [inst, "logoff", "/?"], {"TERMHOST_STATE_DIR": daemon.state}),
            ("  host, installed, no daemon", [inst, "logoff", "/?"], {"TERMHOST_STATE_DIR": tmp + "/none"}),
            ("  host, its JVM line alone", jvm),
            ("  host, JVM line + AppCDS of the client", [jvm[0], "-XX:SharedArchiveFile=" + archive] + jvm[1:]),
            ("command, session: logoff /?, median ms", [daemon.wrapper("logoff"), "/?"]),
            ("  floor: a jar's main, same flags", ["java", "-Xshare:auto"] + FLAGS + ["-cp", hello_jar(tmp), "Hello"]),
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
