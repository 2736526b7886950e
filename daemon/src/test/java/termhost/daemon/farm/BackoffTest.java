package termhost.daemon.farm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void delaysDoubleUpToTheMostAndStartOverAfterASuccess() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3));

        assertThat(java.util.stream.Stream.generate(b::next).limit(5)).containsExactly(Duration.ofMillis(500),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3));
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
    }
}
