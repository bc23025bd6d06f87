#!/usr/bin/env bash
# Builds the corpora of the blind trials kept as gold sets (eval/trials.toml) into
# .corpora/tNN/{A,B} (not committed), from Debian's packages, as each trial's helper built
# them: man pages rendered by `man -l | col -bx` (as a user saves one), other files as shipped.
# Usage: bash eval/trials.sh [DEST]   (DEST defaults to .corpora; needs man-db for `man`)
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-.corpora}
work=$dest/.debs
mkdir -p "$work"
command -v man >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq man-db >/dev/null; }

fetch() {  # fetch PACKAGE: the .deb unpacked into $work/PACKAGE (no root install needed)
  local package=$1
  [ -d "$work/$package" ] && return
  ( cd "$work" && { apt-get download "$package" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && apt-get download "$package" >/dev/null; }; } )
  dpkg-deb -x "$work/${package}"_*.deb "$work/$package.tmp"
  mv "$work/$package.tmp" "$work/$package"
}
as_text() { MANWIDTH=80 man -l "$1" 2>/dev/null | col -bx > "$2"; }  # a man page as a user saves it

# Trial 31 (session 39): A, four man pages and gzip's Info manual; B, ImageMagick 6's HTML
# pages and nano's FAQ and manual.
for package in nmap dpkg-dev gzip imagemagick-6-doc nano; do fetch "$package"; done
t=$dest/t31
mkdir -p "$t/A" "$t/B/imagemagick/www" "$t/B/nano"
as_text "$work/nmap/usr/share/man/man1/nmap.1.gz" "$t/A/nmap.txt"
for page in man1/dpkg-buildpackage.1 man1/dpkg-source.1 man5/deb-control.5; do
  as_text "$work/dpkg-dev/usr/share/man/$page.gz" "$t/A/$(basename "${page%.*}").txt"
done
zcat "$work/gzip/usr/share/info/gzip.info.gz" > "$t/A/gzip.info"
for page in resources security-policy command-line-processing escape defines architecture; do
  cp "$work/imagemagick-6-doc/usr/share/doc/imagemagick-6-common/html/www/$page.html" "$t/B/imagemagick/www/"
done
cp "$work"/nano/usr/share/doc/nano/{faq,nano}.html "$t/B/nano/"

# Trial 32 (session 39): A, four man pages; B, squid's documented configuration file (every
# line a "#" comment), release notes and quick start, quilt's HTML manual (ISO-8859-1) and README.
for package in unbound fail2ban dnsmasq-base tar squid-common quilt; do fetch "$package"; done
t=$dest/t32
mkdir -p "$t/A" "$t/B/squid" "$t/B/quilt"
as_text "$work/unbound/usr/share/man/man5/unbound.conf.5.gz" "$t/A/unbound.conf.txt"
as_text "$work/fail2ban/usr/share/man/man5/jail.conf.5.gz" "$t/A/jail.conf.txt"
as_text "$work/dnsmasq-base/usr/share/man/man8/dnsmasq.8.gz" "$t/A/dnsmasq.txt"
as_text "$work/tar/usr/share/man/man1/tar.1.gz" "$t/A/tar.txt"
squid=$work/squid-common/usr/share/doc/squid-common
zcat "$squid/squid.conf.documented.gz" > "$t/B/squid/squid.conf.documented.txt"
cp "$squid/RELEASENOTES.html" "$t/B/squid/"
cp "$squid/QUICKSTART" "$t/B/squid/QUICKSTART.txt"
cp "$work/quilt/usr/share/doc/quilt/quilt.html" "$t/B/quilt/"
zcat "$work/quilt/usr/share/doc/quilt/README.gz" > "$t/B/quilt/README.txt"
echo "trial corpora ready in $dest:" $(for t in t31 t32; do echo "$t $(find "$dest/$t" -type f | wc -l)"; done)
