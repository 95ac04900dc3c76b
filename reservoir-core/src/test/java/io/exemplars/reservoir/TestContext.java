package io.exemplars.reservoir;

/**
 * A measurement context for tests whose every exemplar field derives from one offer number, so a
 * collected exemplar can be traced back to the offer it came from.
 */
final class TestContext {
    final long offer;

    TestContext(final long offer) {
        this.offer = offer;
    }

    /** Capture time of offer 0. */
    static final long EPOCH_NANOS = 1_700_000_000_000_000_000L;

    long epochNanos() {
        return EPOCH_NANOS + offer;
    }

    long traceIdHigh() {
        return 0x1000_0000_0000_0000L | offer;
    }

    long traceIdLow() {
        return ~offer;
    }

    long spanId() {
        return offer * 31 + 7;
    }

    int traceFlags() {
        return (int) (offer & 1);
    }

    /** The capturer for {@link TestContext}: reads every field straight off the context. */
    static final ExemplarCapturer<TestContext> CAPTURER = new Capturer();

    /** Reads every field straight off the context; tests extend it to override one method. */
    static class Capturer implements ExemplarCapturer<TestContext> {
        @Override
        public long epochNanos(final TestContext context) {
            return context.epochNanos();
        }

        @Override
        public long traceIdHigh(final TestContext context) {
            return context.traceIdHigh();
        }

        @Override
        public long traceIdLow(final TestContext context) {
            return context.traceIdLow();
        }

        @Override
        public long spanId(final TestContext context) {
            return context.spanId();
        }

        @Override
        public int traceFlags(final TestContext context) {
            return context.traceFlags();
        }

        @Override
        public Object contextReference(final TestContext context) {
            return context;
        }
    }
}
