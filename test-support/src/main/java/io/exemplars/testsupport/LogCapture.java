package io.exemplars.testsupport;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one {@code java.util.logging} logger publishes while capturing, for tests that assert
 * what a component logs. A handler of every level is added to the logger by {@link #start()} and
 * removed by {@link #stop()} (a test's {@code @BeforeEach} and {@code @AfterEach}); the logger's
 * own level and its other handlers are left as they are. Records published from any thread are
 * kept in publication order.
 */
public final class LogCapture {
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(final LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * @param logger the logger to capture; nothing is captured until {@link #start()}
     */
    public LogCapture(final Logger logger) {
        this.logger = logger;
    }

    /** Adds the capturing handler to the logger. */
    public void start() {
        logger.addHandler(handler);
    }

    /** Removes the capturing handler from the logger; the records captured so far stay. */
    public void stop() {
        logger.removeHandler(handler);
    }

    /**
     * @return the records captured so far, in order: a read-only view that follows later records
     */
    public List<LogRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** Forgets the records captured so far. */
    public void clear() {
        records.clear();
    }
}
