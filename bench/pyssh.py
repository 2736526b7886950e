#!/usr/bin/python3
"""The Python SSH libraries with their default settings, for bench/run's throughput rows:

    /usr/bin/python3 bench/pyssh.py paramiko|asyncssh PORT USER KEY COMMAND

runs COMMAND over an exec channel and copies its output to stdout as it comes; the cipher the
library negotiated goes to stderr as `cipher: NAME`. Exits with the command's status. Debian's
python3, where python3-paramiko and python3-asyncssh install. ClientsIT logs on through it too."""
import sys
import warnings

warnings.simplefilter("ignore")  # Debian 12's asyncssh imports ciphers that cryptography deprecates


def paramiko_run(port, user, key, command):
    import paramiko
    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
    client.connect("127.0.0.1", port=port, username=user, key_filename=key, allow_agent=False,
                   look_for_keys=False, timeout=30)
    try:
        print("cipher: " + client.get_transport().remote_cipher, file=sys.stderr)
        _, stdout, _ = client.exec_command(command)
        channel = stdout.channel
        while True:
            b = channel.recv(1 << 20)
            if not b:
                break
            sys.stdout.buffer.write(b)
        return channel.recv_exit_status()
    finally:
        client.close()


def asyncssh_run(port, user, key, command):
    import asyncio
    import asyncssh

    async def run():
        async with asyncssh.connect("127.0.0.1", port=port, username=user, client_keys=[key],
                                    known_hosts=None, agent_path=None) as conn:
            print("cipher: " + conn.get_extra_info("send_cipher"), file=sys.stderr)
            async with conn.create_process(command, encoding=None) as p:
                while True:
                    b = await p.stdout.read(1 << 20)
                    if not b:
                        break
                    sys.stdout.buffer.write(b)
                await p.wait()
                return p.exit_status
    return asyncio.run(run())


if __name__ == "__main__":
    lib, port, user, key, command = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
    status = {"paramiko": paramiko_run, "asyncssh": asyncssh_run}[lib](port, user, key, command)
    sys.stdout.buffer.flush()
    sys.exit(status or 0)
