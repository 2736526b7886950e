"""AsyncSSH with its defaults: `asyncssh_exec.py PORT USER KEY COMMAND`. Prints the command's output,
then on stderr the cipher it negotiated; exits with the command's status."""
import asyncio
import sys
import warnings

warnings.simplefilter("ignore")  # Debian 12's asyncssh imports ciphers that cryptography deprecates
import asyncssh  # noqa: E402


async def main(port, user, key, command):
    async with asyncssh.connect("127.0.0.1", port=port, username=user, client_keys=[key], known_hosts=None,
                                agent_path=None, connect_timeout=30) as conn:
        print("cipher: " + conn.get_extra_info("send_cipher"), file=sys.stderr)
        result = await asyncio.wait_for(conn.run(command), 60)
        sys.stdout.write(result.stdout)
        return result.exit_status


sys.exit(asyncio.run(main(int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4])))
