#!/bin/sh
# Installs the Debian 12 packages kieumau needs (run as root).
#   install-deps.sh build   what building needs
#   install-deps.sh test    that, plus what the test suite needs
#   install-deps.sh bench   that, plus what the benchmarks (make bench) need
# Only missing packages are installed, so a second run costs nothing.
set -e
build="build-essential autoconf automake pkg-config gettext libncurses-dev libsqlite3-dev
       libiniparser-dev libutf8proc-dev libcriterion-dev libxlsxwriter-dev"
# LibreOffice (without a desktop) opens the .xlsx reports in a test to check their values; clang
# and its runtime libraries build the libFuzzer targets (make fuzz).
test_extra="tmux man-db sqlite3 libreoffice-calc-nogui openssh-server openssh-client
            clang libclang-rt-14-dev"
case "${1:-build}" in
	build) want=$build ;;
	test) want="$build $test_extra" ;;
	bench) want="$build $test_extra hyperfine time" ;;
	*) echo "usage: $0 build|test|bench" >&2; exit 2 ;;
esac
missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "kieumau: missing packages:$missing; run this as root (or: sudo apt-get install$missing)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
