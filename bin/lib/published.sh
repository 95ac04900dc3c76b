# The published modules (sourced by bin/release-check and bin/api-signatures, not run).

# Modules with a jar, each with the JPMS name its manifest declares (Automatic-Module-Name).
declare -A automatic_module_names=(
    [reservoir-core]=io.exemplars.reservoir
    [reservoir-otel-adapter]=io.exemplars.otel
    [reservoir-otel-autoconfigure]=io.exemplars.otel.autoconfigure
)
jar_modules=(reservoir-core reservoir-otel-adapter reservoir-otel-autoconfigure)
# The bill of materials: a pom only.
bom_module=reservoir-bom
# The Java agent extension jar: an extra artifact of this module, with this classifier.
extension_module=reservoir-otel-autoconfigure
extension_classifier=javaagent-extension
group_path=io/exemplars
