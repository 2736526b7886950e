import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;

/**
 * JCraft's JSch as Debian packages it (libjsch-java), with its defaults, in a JVM of its own (its
 * classes have the names of the newer JSch on the test class path), by source launch:
 * {@code java -cp /usr/share/java/jsch.jar JcraftJschExec.java PORT USER KEY COMMAND}. Prints the
 * command's output, then on stderr the host key type; exits with the command's status.
 */
public class JcraftJschExec {
    public static void main(String[] a) throws Exception {
        JSch jsch = new JSch();
        jsch.addIdentity(a[2]);
        Session s = jsch.getSession(a[1], "127.0.0.1", Integer.parseInt(a[0]));
        s.setConfig("StrictHostKeyChecking", "no");
        s.connect(30_000);
        System.err.println("host key: " + s.getHostKey().getType());
        ChannelExec exec = (ChannelExec) s.openChannel("exec");
        exec.setCommand(a[3]);
        var out = exec.getInputStream();
        exec.connect(30_000);
        System.out.write(out.readAllBytes());
        System.out.flush();
        while (!exec.isClosed()) {
            Thread.sleep(10);
        }
        s.disconnect();
        System.exit(exec.getExitStatus());
    }
}
