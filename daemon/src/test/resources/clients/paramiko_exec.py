"""paramiko with its defaults: `paramiko_exec.py PORT USER KEY COMMAND`. Prints the command's output,
then on stderr the cipher it negotiated; exits with the command's status."""
import sys

import paramiko

port, user, key, command = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
client = paramiko.SSHClient()
client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
client.connect("127.0.0.1", port=port, username=user, key_filename=key, allow_agent=False,
               look_for_keys=False, timeout=30)
try:
    print("cipher: " + client.get_transport().remote_cipher, file=sys.stderr)
    _, stdout, _ = client.exec_command(command, timeout=60)
    sys.stdout.write(stdout.read().decode())
    status = stdout.channel.recv_exit_status()
finally:
    client.close()
sys.exit(status)
