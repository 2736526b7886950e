package termhost.daemon.log;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The daemon's SLF4J binding (found by SLF4J through META-INF/services): every logger, ours and
 * the libraries', writes through {@link LogSink#stderr()} at the levels of {@link LogLevels}. Ours
 * rather than slf4j-simple, which can neither write the journal's priority prefixes nor keep
 * libraries at WARN while ours stay at INFO without a properties file beside the jars.
 */
public final class LogProvider implements SLF4JServiceProvider {
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private LogLevels levels;
    private LogSink sink;

    @Override
    public void initialize() {
        levels = LogLevels.fromEnvironment(System.getenv());
        sink = LogSink.stderr();
        for (String item : levels.refused()) {
            sink.write(Level.WARN, LogProvider.class.getName(), "$" + LogLevels.VARIABLE + ": ignoring '" + item
                    + "' (LEVEL or PREFIX=LEVEL; levels: error, warn, info, debug, trace, off)", null, false);
        }
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return name -> loggers.computeIfAbsent(name, n -> new LineLogger(n, levels.thresholdOf(n), sink));
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
