package termhost.daemon.transport.ssh;

import termhost.daemon.authz.LogonGate;
import termhost.daemon.authz.LogonThrottle;
import termhost.daemon.authz.PamLogons;

/** What every logon method asks: who may log on, how fast an address may guess, and the host's PAM. */
record LogonChecks(LogonGate gate, LogonThrottle throttle, PamLogons pam) {
}
