package io.exemplars.readme;

import java.util.stream.Collectors;

/**
 * The shape of a program's output: its text with what changes from run to run (trace ids, other
 * long hexadecimal strings, numbers) replaced by placeholders. A README's "it prints" block and a
 * real run have the same shape when the README shows what the program really prints.
 */
final class OutputShape {

    private OutputShape() {
    }

    static String of(String output) {
        return output.lines()
            .map(line -> line.replaceAll("\\b[0-9a-f]{16,}\\b", "<hex>")
                .replaceAll("\\d+(\\.\\d+)?", "<n>")
                .stripTrailing())
            .filter(line -> !line.isEmpty())
            .collect(Collectors.joining("\n"));
    }
}
