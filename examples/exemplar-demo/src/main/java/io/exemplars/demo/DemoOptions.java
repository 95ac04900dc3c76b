package io.exemplars.demo;

/**
 * The demo's command-line options, parsed and validated once. A bad value fails at parse time with
 * an {@link IllegalArgumentException} naming the flag and the value.
 */
public final class DemoOptions {

    /** The default bind address: loopback only, so the demo is never reachable from elsewhere. */
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_METRICS_PORT = 9464;
    /** About 5% of {@code /api/users} requests hit a slow database query. */
    public static final double DEFAULT_USERS_SLOW_RATE = 0.05;
    /** About 10% of {@code /api/orders} requests wait on a slow external payment call. */
    public static final double DEFAULT_ORDERS_SLOW_RATE = 0.10;
    /** About 2% of {@code /api/checkout} requests fail. */
    public static final double DEFAULT_CHECKOUT_ERROR_RATE = 0.02;
    public static final double DEFAULT_TRAFFIC_RATE = 20.0;
    public static final double MAX_TRAFFIC_RATE = 1000.0;
    public static final int DEFAULT_TRACE_CAPACITY = 10_000;

    static final String USAGE = String.join("\n",
            "usage: java -jar exemplar-demo.jar [options]",
            "  --bind ADDRESS              address to listen on (default " + DEFAULT_BIND + ")",
            "  --port N                    API and /traces port, 0 = any free port (default " + DEFAULT_PORT + ")",
            "  --metrics-port N            Prometheus /metrics port, 0 = any free port (default "
                    + DEFAULT_METRICS_PORT + ")",
            "  --generate-traffic          send requests to the demo's own routes",
            "  --traffic-rate R            generated requests per second (default " + DEFAULT_TRAFFIC_RATE + ")",
            "  --seed S                    seed of the routes' and the traffic's randomness (default: random,"
                    + " printed at start)",
            "  --users-slow-rate P         share of slow /api/users requests (default " + DEFAULT_USERS_SLOW_RATE + ")",
            "  --orders-slow-rate P        share of slow /api/orders requests (default "
                    + DEFAULT_ORDERS_SLOW_RATE + ")",
            "  --checkout-error-rate P     share of failing /api/checkout requests (default "
                    + DEFAULT_CHECKOUT_ERROR_RATE + ")",
            "  --trace-capacity N          how many recent traces /traces keeps (default " + DEFAULT_TRACE_CAPACITY + ")",
            "  --help                      print this and exit");

    private final String bind;
    private final int port;
    private final int metricsPort;
    private final boolean generateTraffic;
    private final double trafficRate;
    private final long seed;
    private final double usersSlowRate;
    private final double ordersSlowRate;
    private final double checkoutErrorRate;
    private final int traceCapacity;
    private final boolean help;

    private DemoOptions(Parser p) {
        this.bind = p.bind;
        this.port = p.port;
        this.metricsPort = p.metricsPort;
        this.generateTraffic = p.generateTraffic;
        this.trafficRate = p.trafficRate;
        this.seed = p.seed;
        this.usersSlowRate = p.usersSlowRate;
        this.ordersSlowRate = p.ordersSlowRate;
        this.checkoutErrorRate = p.checkoutErrorRate;
        this.traceCapacity = p.traceCapacity;
        this.help = p.help;
    }

    /**
     * Parses command-line flags; flags not given keep their defaults.
     *
     * @param args      the flags, e.g. {@code --port 0 --generate-traffic}
     * @param fallbackSeed the seed used when {@code --seed} is absent
     * @return the validated options
     * @throws IllegalArgumentException naming the flag and value that is unknown, missing or out of range
     */
    public static DemoOptions parse(String[] args, long fallbackSeed) {
        final Parser p = new Parser(fallbackSeed);
        for (int i = 0; i < args.length; i++) {
            final String flag = args[i];
            switch (flag) {
                case "--generate-traffic":
                    p.generateTraffic = true;
                    break;
                case "--help":
                case "-h":
                    p.help = true;
                    break;
                case "--bind":
                    p.bind = valueOf(args, ++i, flag);
                    break;
                case "--port":
                    p.port = port(flag, valueOf(args, ++i, flag));
                    break;
                case "--metrics-port":
                    p.metricsPort = port(flag, valueOf(args, ++i, flag));
                    break;
                case "--traffic-rate":
                    p.trafficRate = trafficRate(flag, valueOf(args, ++i, flag));
                    break;
                case "--seed":
                    p.seed = longValue(flag, valueOf(args, ++i, flag));
                    break;
                case "--users-slow-rate":
                    p.usersSlowRate = probability(flag, valueOf(args, ++i, flag));
                    break;
                case "--orders-slow-rate":
                    p.ordersSlowRate = probability(flag, valueOf(args, ++i, flag));
                    break;
                case "--checkout-error-rate":
                    p.checkoutErrorRate = probability(flag, valueOf(args, ++i, flag));
                    break;
                case "--trace-capacity":
                    p.traceCapacity = traceCapacity(flag, valueOf(args, ++i, flag));
                    break;
                default:
                    throw new IllegalArgumentException("unknown flag '" + flag + "'\n" + USAGE);
            }
        }
        if (p.port != 0 && p.port == p.metricsPort) {
            throw new IllegalArgumentException(
                    "--port and --metrics-port must differ, both were " + p.port);
        }
        return new DemoOptions(p);
    }

    /** @return the address both servers listen on */
    public String bind() {
        return bind;
    }

    /** @return the port of the API routes and {@code /traces}; 0 means any free port */
    public int port() {
        return port;
    }

    /** @return the port of {@code /metrics}; 0 means any free port */
    public int metricsPort() {
        return metricsPort;
    }

    /** @return whether the demo sends requests to itself */
    public boolean generateTraffic() {
        return generateTraffic;
    }

    /** @return generated requests per second */
    public double trafficRate() {
        return trafficRate;
    }

    /** @return the seed of all the demo's randomness */
    public long seed() {
        return seed;
    }

    /** @return the share of {@code /api/users} requests that are slow */
    public double usersSlowRate() {
        return usersSlowRate;
    }

    /** @return the share of {@code /api/orders} requests that are slow */
    public double ordersSlowRate() {
        return ordersSlowRate;
    }

    /** @return the share of {@code /api/checkout} requests that fail */
    public double checkoutErrorRate() {
        return checkoutErrorRate;
    }

    /** @return how many recent traces are kept for {@code /traces} */
    public int traceCapacity() {
        return traceCapacity;
    }

    /** @return whether {@code --help} was asked for */
    public boolean help() {
        return help;
    }

    private static String valueOf(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    private static int port(String flag, String text) {
        final long value = longValue(flag, text);
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(flag + " must be in [0, 65535], was " + text);
        }
        return (int) value;
    }

    private static int traceCapacity(String flag, String text) {
        final long value = longValue(flag, text);
        if (value < 1 || value > 1_000_000) {
            throw new IllegalArgumentException(flag + " must be in [1, 1000000], was " + text);
        }
        return (int) value;
    }

    private static double probability(String flag, String text) {
        final double value = doubleValue(flag, text);
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(flag + " must be in [0, 1], was " + text);
        }
        return value;
    }

    private static double trafficRate(String flag, String text) {
        final double value = doubleValue(flag, text);
        if (!(value > 0.0 && value <= MAX_TRAFFIC_RATE)) {
            throw new IllegalArgumentException(
                    flag + " must be in (0, " + MAX_TRAFFIC_RATE + "], was " + text);
        }
        return value;
    }

    private static long longValue(String flag, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs an integer, was '" + text + "'", e);
        }
    }

    private static double doubleValue(String flag, String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " needs a number, was '" + text + "'", e);
        }
    }

    /** Mutable state of one parse; the options object itself is immutable. */
    private static final class Parser {
        String bind = DEFAULT_BIND;
        int port = DEFAULT_PORT;
        int metricsPort = DEFAULT_METRICS_PORT;
        boolean generateTraffic;
        double trafficRate = DEFAULT_TRAFFIC_RATE;
        long seed;
        double usersSlowRate = DEFAULT_USERS_SLOW_RATE;
        double ordersSlowRate = DEFAULT_ORDERS_SLOW_RATE;
        double checkoutErrorRate = DEFAULT_CHECKOUT_ERROR_RATE;
        int traceCapacity = DEFAULT_TRACE_CAPACITY;
        boolean help;

        Parser(long fallbackSeed) {
            this.seed = fallbackSeed;
        }
    }
}
