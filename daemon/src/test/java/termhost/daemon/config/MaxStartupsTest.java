package termhost.daemon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MaxStartupsTest {
    @Test
    void refusesNoneBeforeStartThenRateRisingToAllAtFull() {
        MaxStartups m = MaxStartups.parse("10:30:100");
        assertThat(m.refusalChance(0)).isZero();
        assertThat(m.refusalChance(9)).isZero();
        assertThat(m.refusalChance(10)).isCloseTo(0.30, within(1e-9));
        assertThat(m.refusalChance(55)).isCloseTo(0.65, within(1e-9));
        assertThat(m.refusalChance(99)).isLessThan(1);
        assertThat(m.refusalChance(100)).isEqualTo(1);
        assertThat(m.refusalChance(5000)).isEqualTo(1);
    }

    @Test
    void oneNumberIsAHardLimitAsInSshdConfig() {
        MaxStartups m = MaxStartups.parse("50");
        assertThat(m).isEqualTo(new MaxStartups(50, 100, 50));
        assertThat(m.refusalChance(49)).isZero();
        assertThat(m.refusalChance(50)).isEqualTo(1);
        assertThat(m).hasToString("50");
        assertThat(MaxStartups.parse("200:30:1000")).hasToString("200:30:1000");
    }

    @Test
    void aValueSshdWouldRefuseIsRefusedNamingWhy() {
        assertThatThrownBy(() -> Syntax.MAX_STARTUPS.parse("ssh.max-startups", "100:30:10"))
                .hasMessage("ssh.max-startups: not start:rate:full or a number: '100:30:10': need 1 <= start <= full"
                        + " (e.g. 200:30:1000, 10:30:100, 50)");
        assertThatThrownBy(() -> Syntax.MAX_STARTUPS.parse("ssh.max-startups", "10:0:100"))
                .hasMessageContaining("the rate is a percentage, 1 to 100");
        assertThatThrownBy(() -> Syntax.MAX_STARTUPS.parse("ssh.max-startups", "10:30"))
                .hasMessage("ssh.max-startups: not start:rate:full or a number: '10:30'"
                        + " (e.g. 200:30:1000, 10:30:100, 50)");
        assertThatThrownBy(() -> Syntax.MAX_STARTUPS.parse("ssh.max-startups", "many"))
                .hasMessageStartingWith("ssh.max-startups: not start:rate:full or a number: 'many'");
    }
}
