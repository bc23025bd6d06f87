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

source eval/debs.sh  # fetch PACKAGE
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

# Trial 33 (session 39, at the session's end: not looked at while fixing): A, four man pages;
# B, NeoMutt's, tig's and fish's HTML.
for package in vsftpd socat stunnel4 smartmontools neomutt tig fish-common; do fetch "$package"; done
t=$dest/t33
mkdir -p "$t/A" "$t/B/neomutt" "$t/B/tig" "$t/B/fish"
as_text "$work/vsftpd/usr/share/man/man5/vsftpd.conf.5.gz" "$t/A/vsftpd.conf.txt"
as_text "$work/socat/usr/share/man/man1/socat.1.gz" "$t/A/socat.txt"
as_text "$work/stunnel4/usr/share/man/man8/stunnel4.8.gz" "$t/A/stunnel.txt"
as_text "$work/smartmontools/usr/share/man/man5/smartd.conf.5.gz" "$t/A/smartd.conf.txt"
for page in configuration tuning security mimesupport; do cp "$work/neomutt/usr/share/doc/neomutt/html/$page.html" "$t/B/neomutt/"; done
for page in manual tigrc.5; do cp "$work/tig/usr/share/doc/tig/$page.html" "$t/B/tig/"; done
for page in faq fish_for_bash_users interactive; do cp "$work/fish-common/usr/share/doc/fish/$page.html" "$t/B/fish/"; done

# Trial 34 (session 39, likewise): A, m4's (in two files), ed's and time's Info manuals and
# cpio(1); B, Redis's documented redis.conf, Newsboat's HTML manual and FAQ, keepalived.conf(5).
for package in m4 ed time cpio redis-server newsboat keepalived; do fetch "$package"; done
t=$dest/t34
mkdir -p "$t/A" "$t/B"
zcat "$work/m4/usr/share/info/m4.info-1.gz" > "$t/A/m4-1.info"
zcat "$work/m4/usr/share/info/m4.info-2.gz" > "$t/A/m4-2.info"
zcat "$work/ed/usr/share/info/ed.info.gz" > "$t/A/ed.info"
zcat "$work/time/usr/share/info/time.info.gz" > "$t/A/time.info"
as_text "$work/cpio/usr/share/man/man1/cpio.1.gz" "$t/A/cpio.txt"
cp "$work/redis-server/etc/redis/redis.conf" "$t/B/redis.conf.txt"
cp "$work/newsboat/usr/share/doc/newsboat/newsboat.html" "$t/B/newsboat.html"
cp "$work/newsboat/usr/share/doc/newsboat/faq.html" "$t/B/newsboat-faq.html"
as_text "$work/keepalived/usr/share/man/man5/keepalived.conf.5.gz" "$t/B/keepalived.conf.5.txt"
# Trial 35 (session 40, at the session's start, then looked at while fixing): A, five of
# moreutils' man pages and bc's Info manual; B, w3m's HTML manual, FAQ and story, Requests'
# Sphinx HTML user guide and FAQ.
for package in moreutils bc w3m python-requests-doc; do fetch "$package"; done
t=$dest/t35
mkdir -p "$t/A/moreutils" "$t/A/bc" "$t/B/w3m" "$t/B/requests"
for page in sponge ts chronic ifne vidir; do
  as_text "$work/moreutils/usr/share/man/man1/$page.1.gz" "$t/A/moreutils/$page.txt"
done
zcat "$work/bc/usr/share/info/bc.info.gz" > "$t/A/bc/bc.info"
cp "$work"/w3m/usr/share/doc/w3m/{MANUAL,FAQ,STORY}.html "$t/B/w3m/"
requests=$work/python-requests-doc/usr/share/doc/python-requests-doc/html
for page in quickstart advanced authentication install; do cp "$requests/user/$page.html" "$t/B/requests/"; done
cp "$requests/community/faq.html" "$t/B/requests/"

# Trial 36 (session 40, at its end: blind at 332536f, not looked at while fixing): A, five man
# pages (pv, pigz, dos2unix, entr, ncdu); B, Python-Markdown's HTML manual (extensions, CLI, install).
for package in pv pigz dos2unix entr ncdu python-markdown-doc; do fetch "$package"; done
t=$dest/t36
mkdir -p "$t/A" "$t/B/extensions"
for page in pv pigz dos2unix entr ncdu; do as_text "$work/$page/usr/share/man/man1/$page.1.gz" "$t/A/$page.txt"; done
markdown=$work/python-markdown-doc/usr/share/doc/python-markdown-doc/docs
cp "$markdown"/extensions/*.html "$t/B/extensions/"
cp "$markdown"/{cli,install}.html "$t/B/"
# Trial 37 (session 42, at its start: blind at 648163e): A, five man pages (at, atd, tree,
# pwgen, fd-find's fdfind); B, CopyQ's user documentation as reStructuredText (its Sphinx sources).
for package in at tree pwgen fd-find copyq-doc; do fetch "$package"; done
t=$dest/t37
mkdir -p "$t/A" "$t/B"
for owned in at/at.1 at/atd.8 tree/tree.1 pwgen/pwgen.1 fd-find/fdfind.1; do
  page=${owned#*/}
  as_text "$work/${owned%/*}/usr/share/man/man${page##*.}/$page.gz" "$t/A/${page%.*}.txt"
done
for page in index installation basic-usage tabs-and-items pin-items tags images keyboard command-line sessions backup \
             synchronize password-protection security text-encoding theme known-issues faq glossary scripting \
             writing-commands-and-adding-functionality; do
  cp "$work/copyq-doc/usr/share/doc/copyq/html/_sources/$page.rst.txt" "$t/B/$page.rst"
done
# Trial 38 (session 42, blind at b96c8f2: not looked at while fixing): A, four man
# pages (jq, htop, hexedit, mtr) and wdiff's Info manual; B, git-crypt's Markdown files and Ninja's HTML manual.
for package in jq htop hexedit mtr-tiny wdiff git-crypt ninja-build; do fetch "$package"; done
t=$dest/t38
mkdir -p "$t/A" "$t/B"
for page in jq.1 htop.1 hexedit.1; do as_text "$work/${page%.*}/usr/share/man/man1/$page.gz" "$t/A/${page%.*}.txt"; done
as_text "$work/mtr-tiny/usr/share/man/man8/mtr.8.gz" "$t/A/mtr.txt"
zcat "$work/wdiff/usr/share/info/wdiff.info.gz" > "$t/A/wdiff.info"
crypt=$work/git-crypt/usr/share/doc/git-crypt
for file in README NEWS; do zcat "$crypt/$file.md.gz" > "$t/B/git-crypt-$file.md"; done
for file in CONTRIBUTING.md RELEASE_NOTES-0.4.md RELEASE_NOTES-0.4.1.md THANKS.md; do cp "$crypt/$file" "$t/B/git-crypt-$file"; done
cp "$work/ninja-build/usr/share/doc/ninja-build/manual.html" "$t/B/ninja-manual.html"
# Trial 39 (session 43, blind at ad3007b: not looked at while fixing): A, nine man pages (lsof,
# strace, strace-log-merge, iperf3, whois, whois.conf, mkpasswd, units, units_cur) and units' Info
# manual, named with their section ("lsof.8.txt"); B, rdiff-backup's AsciiDoc FAQ, examples, README
# and migration notes.
for package in lsof strace iperf3 whois units rdiff-backup; do fetch "$package"; done
t=$dest/t39
mkdir -p "$t/A" "$t/B"
for owned in lsof/man8/lsof.8 strace/man1/strace.1 strace/man1/strace-log-merge.1 iperf3/man1/iperf3.1 \
             whois/man1/whois.1 whois/man5/whois.conf.5 whois/man1/mkpasswd.1 units/man1/units.1 units/man1/units_cur.1; do
  page=${owned##*/}
  as_text "$work/${owned%%/*}/usr/share/man/${owned#*/}.gz" "$t/A/$page.txt"
done
zcat "$work/units/usr/share/info/units.info.gz" > "$t/A/units.info"
for file in FAQ examples README migration; do
  zcat "$work/rdiff-backup/usr/share/doc/rdiff-backup/$file.adoc.gz" > "$t/B/$file.adoc"
done
# Trial 40 (session 44, blind at dce5dfb: not looked at while fixing): A, six man pages (msmtp,
# mbsync, mdconvert, lftpget, sshfs, nc); B, aria2's HTML README and NEWS, isync's README and
# NEWS, lftp's FAQ and README, sshfs' README.rst, netcat's README.Debian (plain text saved as .txt).
for package in msmtp isync lftp aria2 sshfs netcat-openbsd; do fetch "$package"; done
t=$dest/t40
mkdir -p "$t/A" "$t/B"
for owned in msmtp/msmtp isync/mbsync isync/mdconvert lftp/lftpget sshfs/sshfs netcat-openbsd/nc_openbsd; do
  page=${owned#*/}
  as_text "$work/${owned%%/*}/usr/share/man/man1/$page.1.gz" "$t/A/${page%_openbsd}.txt"
done
cp "$work/aria2/usr/share/doc/aria2/README.html" "$t/B/aria2-README.html"
zcat "$work/aria2/usr/share/doc/aria2/NEWS.gz" > "$t/B/aria2-NEWS.txt"
cp "$work/isync/usr/share/doc/isync/README" "$t/B/isync-README.txt"
zcat "$work/isync/usr/share/doc/isync/NEWS.gz" > "$t/B/isync-NEWS.txt"
cp "$work/lftp/usr/share/doc/lftp/FAQ" "$t/B/lftp-FAQ.txt"
zcat "$work/lftp/usr/share/doc/lftp/README.gz" > "$t/B/lftp-README.txt"
cp "$work/sshfs/usr/share/doc/sshfs/README.rst" "$t/B/sshfs-README.rst"
cp "$work/netcat-openbsd/usr/share/doc/netcat-openbsd/README.Debian" "$t/B/netcat-README.Debian.txt"
# Trial 41 (session 44, blind at 708a5e3: not looked at while fixing): A, six man pages (fuser,
# killall, pstree, inotifywait, inotifywatch, mosh); B, davfs2's README, FAQ, NEWS, README.Debian
# and BUGS (plain text, named after the package, no suffix) and OfflineIMAP's README.md.
for package in psmisc inotify-tools mosh davfs2 offlineimap3; do fetch "$package"; done
t=$dest/t41
mkdir -p "$t/A" "$t/B"
for owned in psmisc/fuser psmisc/killall psmisc/pstree inotify-tools/inotifywait inotify-tools/inotifywatch mosh/mosh; do
  as_text "$work/${owned%%/*}/usr/share/man/man1/${owned#*/}.1.gz" "$t/A/${owned#*/}.txt"
done
davfs=$work/davfs2/usr/share/doc/davfs2
for file in README FAQ NEWS; do zcat "$davfs/$file.gz" > "$t/B/davfs2-$file"; done
for file in README.Debian BUGS; do cp "$davfs/$file" "$t/B/davfs2-$file"; done
zcat "$work/offlineimap3/usr/share/doc/offlineimap3/README.md.gz" > "$t/B/offlineimap-README.md"
echo "trial corpora ready in $dest:" $(for t in t31 t32 t33 t34 t35 t36 t37 t38 t39 t40 t41; do echo "$t $(find "$dest/$t" -type f | wc -l)"; done)
