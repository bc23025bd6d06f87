# Sourced by eval/corpora.sh and eval/trials.sh: fetch PACKAGE unpacks Debian's .deb of PACKAGE
# into $work/PACKAGE (no root install needed; downloaded once, kept in $work).
fetch() {
  local package=$1
  [ -d "$work/$package" ] && return
  ( cd "$work" && { apt-get download "$package" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null && apt-get download "$package" >/dev/null; }; } )
  dpkg-deb -x "$work/${package}"_*.deb "$work/$package.tmp"
  mv "$work/$package.tmp" "$work/$package"
}
