package termhost.daemon.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Addresses written as OpenSSH writes them into SSH_CLIENT and SSH_CONNECTION (inet_ntop's form). */
class ChannelCommandTest {
    private static String numeric(String literal) throws Exception {
        return ChannelCommand.numeric(InetAddress.getByName(literal));
    }

    @Test
    void ipv6IsWrittenShortAsInetNtopWritesIt() throws Exception {
        assertThat(numeric("::1")).isEqualTo("::1");
        assertThat(numeric("::")).isEqualTo("::");
        assertThat(numeric("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1"); // the first of equal runs
        assertThat(numeric("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1"); // a lone zero stays
        assertThat(numeric("fe80:0:0:0:0:0:0:1")).isEqualTo("fe80::1");
        assertThat(numeric("1:0:0:2:0:0:0:3")).isEqualTo("1:0:0:2::3"); // the longest run
        assertThat(numeric("2001:DB8::ABCD")).isEqualTo("2001:db8::abcd");
        assertThat(numeric("192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(numeric("::ffff:192.0.2.7")).isEqualTo("192.0.2.7"); // Java takes a mapped address as IPv4
        assertThat(ChannelCommand.numeric(java.net.Inet6Address.getByAddress(null,
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 192, 0, 2, 7}, null))).isEqualTo("::192.0.2.7");
    }

    @Test
    void anAddressWithItsPortIsBracketedWhenIpv6() throws Exception {
        assertThat(ChannelCommand.format(new InetSocketAddress(InetAddress.getByName("::1"), 2222)))
                .isEqualTo("[::1]:2222");
        assertThat(ChannelCommand.format(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 2222)))
                .isEqualTo("127.0.0.1:2222");
    }
}
