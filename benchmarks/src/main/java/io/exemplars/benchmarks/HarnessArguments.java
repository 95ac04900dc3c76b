package io.exemplars.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line that {@link LatencyHarness} and {@link ServiceBenchmark} share: a profile flag
 * ({@code --smoke}, and whatever other profiles the harness has), {@code --modes A,B,...},
 * {@code --report-dir DIR}, {@code --results FILE | --no-results}, and the integer options of the
 * harness's settings record (e.g. {@code --rate N}), which the settings' own {@code with} method
 * recognises.
 *
 * <p>Options are read left to right, a later one overriding an earlier one; a profile flag replaces
 * the settings so far with the profile's. The {@code smoke} profile writes no results unless
 * {@code --results} names a file. An option other than a profile flag or {@code --no-results} needs
 * a value ({@link IllegalArgumentException} "needs a value"); an integer option the settings do not
 * recognise fails with the harness's usage.
 *
 * @param <S> the harness's settings record
 * @param <M> the harness's modes
 */
final class HarnessArguments<S, M extends Enum<M>> {
    /** The profile that proves a harness works end to end and writes no results by default. */
    static final String SMOKE = "smoke";

    /**
     * A settings record's {@code with}: a copy with one integer option changed.
     *
     * @param <S> the settings record
     */
    @FunctionalInterface
    interface SettingsOption<S> {
        /**
         * @param settings the settings so far
         * @param option   the option as given, e.g. {@code --rate}
         * @param value    its value
         * @return a copy with that option changed, or {@code null} when {@code option} is not one of them
         */
        S with(S settings, String option, int value);
    }

    private final S settings;
    private final String profile;
    private final List<M> modes;
    private final Path reportDir;
    private final Path results;
    private final String commandLine;

    private HarnessArguments(final S settings, final String profile, final List<M> modes, final Path reportDir,
                             final Path results, final String commandLine) {
        this.settings = settings;
        this.profile = profile;
        this.modes = modes;
        this.reportDir = reportDir;
        this.results = results;
        this.commandLine = commandLine;
    }

    /**
     * @param args            the command line
     * @param profiles        each profile flag's name without {@code --} (e.g. {@code smoke}) and its settings
     * @param defaultProfile  the profile's name when no profile flag is given
     * @param defaultSettings the settings when no profile flag is given
     * @param option          the settings' {@code with}
     * @param modeType        the modes; all of them, in declaration order, unless {@code --modes} names some
     * @param usage           the options in words, for the message of an unknown option
     * @param <S>             the harness's settings record
     * @param <M>             the harness's modes
     * @return the parsed command line
     * @throws IllegalArgumentException if an option lacks its value, is unknown or names an unknown mode
     * @throws NumberFormatException    if a settings option's value is not an integer
     */
    static <S, M extends Enum<M>> HarnessArguments<S, M> parse(final String[] args, final Map<String, S> profiles,
                                                             final String defaultProfile, final S defaultSettings,
                                                             final SettingsOption<S> option, final Class<M> modeType,
                                                             final String usage) {
        S settings = defaultSettings;
        String profile = defaultProfile;
        final List<M> modes = new ArrayList<>(List.of(modeType.getEnumConstants()));
        Path reportDir = ModuleDirectory.resolve("target/report");
        Path results = ModuleDirectory.resolve("RESULTS.md");
        boolean resultsChosen = false;
        final StringBuilder commandLine = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            final String arg = args[i];
            commandLine.append(' ').append(arg);
            if (arg.startsWith("--") && profiles.containsKey(arg.substring(2))) {
                profile = arg.substring(2);
                settings = profiles.get(profile);
                continue;
            }
            if (arg.equals("--no-results")) {
                results = null;
                resultsChosen = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            final String value = args[++i];
            commandLine.append(' ').append(value);
            switch (arg) {
                case "--modes" -> {
                    modes.clear();
                    for (final String mode : value.split(",")) {
                        modes.add(Enum.valueOf(modeType, mode.trim()));
                    }
                }
                case "--report-dir" -> reportDir = Path.of(value);
                case "--results" -> {
                    results = Path.of(value);
                    resultsChosen = true;
                }
                default -> {
                    settings = option.with(settings, arg, Integer.parseInt(value));
                    if (settings == null) {
                        throw new IllegalArgumentException("unknown argument '" + arg + "'; usage: " + usage);
                    }
                }
            }
        }
        if (SMOKE.equals(profile) && !resultsChosen) {
            results = null;
        }
        return new HarnessArguments<>(settings, profile, List.copyOf(modes), reportDir, results,
            commandLine.toString());
    }

    /** @return the settings: the profile's, with the integer options applied */
    S settings() {
        return settings;
    }

    /** @return the chosen profile's name, e.g. {@code smoke} */
    String profile() {
        return profile;
    }

    /** @return whether the profile is {@link #SMOKE} */
    boolean smoke() {
        return SMOKE.equals(profile);
    }

    /** @return the modes to run, in order */
    List<M> modes() {
        return modes;
    }

    /** @return where reports go; {@code target/report} of the benchmarks module unless {@code --report-dir} */
    Path reportDir() {
        return reportDir;
    }

    /** @return the results file to refresh, or {@code null} to write none */
    Path results() {
        return results;
    }

    /** @return the arguments as given, each preceded by a space, for the report's command */
    String commandLine() {
        return commandLine;
    }
}
