package termhost.daemon.config;

/**
 * sshd's {@code MaxStartups}: how many connections may wait to log on at once. From {@code start}
 * waiting, a new connection is refused with a chance of {@code rate} %, rising linearly to every
 * one at {@code full}; written {@code start:rate:full}, or one number {@code N} for
 * {@code N:100:N} (refuse all from N on), as in sshd_config(5).
 */
public record MaxStartups(int start, int rate, int full) {
    public MaxStartups {
        if (start < 1 || full < start) {
            throw new IllegalArgumentException("need 1 <= start <= full");
        }
        if (rate < 1 || rate > 100) {
            throw new IllegalArgumentException("the rate is a percentage, 1 to 100");
        }
    }

    /** @throws IllegalArgumentException with no message when the text is not of the form */
    public static MaxStartups parse(String s) {
        String[] p = s.trim().split(":", -1);
        if (p.length == 1) {
            int n = Integer.parseInt(p[0]);
            return new MaxStartups(n, 100, n);
        }
        if (p.length != 3) {
            throw new IllegalArgumentException();
        }
        return new MaxStartups(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
    }

    /** The chance (0 to 1) that a new connection is refused while {@code waiting} others wait to log on. */
    public double refusalChance(int waiting) {
        if (waiting >= full) {
            return 1;
        }
        if (waiting < start) {
            return 0;
        }
        // sshd's drop_connection: rate at start, rising linearly to 100 % at full
        return (rate + (100.0 - rate) * (waiting - start) / (full - start)) / 100;
    }

    @Override
    public String toString() {
        return start == full ? Integer.toString(start) : start + ":" + rate + ":" + full;
    }
}
