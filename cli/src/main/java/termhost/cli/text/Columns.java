package termhost.cli.text;

/** Fixed-width column helpers for the Windows tables. */
public final class Columns {
    private Columns() {
    }

    public static String left(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** Like {@link #left}, but a value as wide as the column still gets one space after it. */
    public static String cell(String s, int width) {
        return s.length() >= width ? s + " " : left(s, width);
    }

    public static String right(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    /** Cuts a value to {@code max} characters; Windows cuts long names the same way, silently. */
    public static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    public static String stripTrailing(CharSequence line) {
        return line.toString().stripTrailing();
    }
}
