package io.exemplars.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Command-line entry point: starts the demo, prints where its routes, metrics and traces are, and
 * runs until the JVM is stopped (Ctrl-C).
 *
 * <pre>java -jar examples/exemplar-demo/target/exemplar-demo.jar --generate-traffic</pre>
 */
public final class ExemplarDemo {

    private static final int EXIT_BAD_USAGE = 2;
    private static final int EXIT_CANNOT_START = 1;

    private ExemplarDemo() {
    }

    /**
     * @param args see {@code --help}
     */
    public static void main(String[] args) throws InterruptedException {
        final DemoOptions options;
        try {
            options = DemoOptions.parse(args, ThreadLocalRandom.current().nextLong());
        } catch (IllegalArgumentException e) {
            System.err.println("exemplar-demo: " + e.getMessage());
            System.exit(EXIT_BAD_USAGE);
            return;
        }
        if (options.help()) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        final DemoService demo;
        try {
            demo = DemoService.start(options);
        } catch (IOException | RuntimeException e) {
            System.err.println("exemplar-demo: cannot start on " + options.bind() + ": " + e);
            System.exit(EXIT_CANNOT_START);
            return;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            stopped.countDown();
        }, "demo-shutdown"));
        printBanner(demo, System.out);
        stopped.await();
    }

    static void printBanner(DemoService demo, PrintStream out) {
        final DemoOptions options = demo.options();
        out.println("exemplar-demo is running (Ctrl-C to stop)");
        out.println("  routes:   " + demo.uri(DemoService.USERS_ROUTE)
                + "  (" + percent(options.usersSlowRate()) + " slow)");
        out.println("            " + demo.uri(DemoService.ORDERS_ROUTE)
                + "  (" + percent(options.ordersSlowRate()) + " slow)");
        out.println("            " + demo.uri(DemoService.CHECKOUT_ROUTE)
                + "  (" + percent(options.checkoutErrorRate()) + " errors)");
        out.println("  metrics:  " + demo.metricsUri());
        out.println("            curl -H 'Accept: application/openmetrics-text' " + demo.metricsUri()
                + "   (OpenMetrics, with exemplars)");
        out.println("  traces:   " + demo.uri(TraceEndpoint.PATH) + "   (recent trace ids)");
        out.println("            " + demo.uri(TraceEndpoint.PATH) + "/{traceId}   (the trace behind an exemplar)");
        out.println("  traffic:  " + (options.generateTraffic()
                ? options.trafficRate() + " requests/s" : "off (add --generate-traffic)")
                + ", seed " + options.seed());
    }

    private static String percent(double rate) {
        return Math.round(rate * 1000.0) / 10.0 + "%";
    }
}
