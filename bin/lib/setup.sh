# Set-up shared by bin/test and bin/benchmark (sourced, not run): makes sure a fresh Debian machine
# has what the build needs, installing Debian's packages only when something is missing.

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=false
# Installs Debian packages (names as arguments), refreshing the package lists once per run.
apt_install() {
    if [ "$apt_updated" = false ]; then
        as_root apt-get update -qq
        apt_updated=true
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# JDK 17 or newer and Maven.
ensure_toolchain() {
    if ! command -v javac >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
        echo "setup: installing a JDK and Maven from Debian's packages"
        apt_install openjdk-17-jdk-headless maven
    fi
    local feature
    feature=$(javac -version 2>&1 | sed -E 's/^javac ([0-9]+).*/\1/')
    if [ "${feature:-0}" -lt 17 ]; then
        echo "setup: JDK 17 or newer is required, javac reports $(javac -version 2>&1)" >&2
        exit 1
    fi
}

# Debian's prometheus, for the end-to-end test of the demo. The package's own service is not
# used: the test starts its own Prometheus on a loopback port and stops it.
ensure_prometheus() {
    if ! command -v prometheus >/dev/null 2>&1; then
        echo "setup: installing Debian's prometheus package for the end-to-end test"
        apt_install prometheus
    fi
}

# Maven, batch mode, no download progress noise.
mvn_batch() {
    mvn -B -ntp "$@"
}
