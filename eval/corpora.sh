#!/usr/bin/env bash
# Installs the real corpora behind the extra gold sets into .corpora/ (not committed):
# text nobody on this project wrote, in shapes the seeds lack. Only the questions
# (eval/<corpus>.jsonl) and this script are in the repository.
#   git      hard-wrapped AsciiDoc guides from Debian's git-doc (.txt)
#   perlfaq  the Perl FAQ from Debian's perl-doc, POD turned into HTML by perl's pod2html
#            (one heading per question, code blocks, lists)
#   debref   six chapters of the Debian Reference (debian-reference-en): HTML with
#            numbered headings, tables of packages, command examples
#   docutils 15 documents of Docutils' own documentation (docutils-doc): reStructuredText
#            saved as .txt, hard-wrapped, with over- and underlined titles, field lists,
#            literal blocks, hyperlink targets and a FAQ
#   flask    15 pages of Flask's documentation (python-flask-doc): Sphinx HTML with
#            navigation, sidebars, permalinks, admonitions and tabs
#   flex     16 pages of the flex manual (flex-doc): Texinfo HTML with node headers,
#            option tables (<dl>), footnotes, and FAQ answers that are quoted mails
# Usage: bash eval/corpora.sh [DEST]   (DEST defaults to .corpora; rerunning is cheap)
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-.corpora}
work=$dest/.debs
mkdir -p "$work"

source eval/debs.sh  # fetch PACKAGE

fetch git-doc
mkdir -p "$dest/git"
guides=(gittutorial gittutorial-2 gitcore-tutorial giteveryday gitworkflows gitfaq
        git-bisect-lk2009 gitcredentials gitignore gitnamespaces)
for guide in "${guides[@]}"; do
  cp "$work/git-doc/usr/share/doc/git-doc/$guide.txt" "$dest/git/"
done
cp "$work"/git-doc/usr/share/doc/git-doc/howto/*.txt "$dest/git/"

fetch perl-doc
mkdir -p "$dest/perlfaq"
scratch=$(mktemp -d)
for n in 1 2 3 5 7 8 9; do
  pod=$(ls "$work"/perl-doc/usr/share/perl/*/pod/perlfaq$n.pod)
  pod2html --infile="$pod" --outfile="$dest/perlfaq/perlfaq$n.html" --cachedir="$scratch" \
    --noindex --quiet --title="perlfaq$n"
done
rm -rf "$scratch"

fetch debian-reference-en
mkdir -p "$dest/debref"
# system initialization, authentication, network setup and applications, i18n, data management
for chapter in ch03 ch04 ch05 ch06 ch08 ch10; do
  cp "$work/debian-reference-en/usr/share/debian-reference/$chapter.en.html" "$dest/debref/"
done
fetch docutils-doc
mkdir -p "$dest/docutils"
docs=$work/docutils-doc/usr/share/doc/docutils-doc
for doc in FAQ docs/user/rst/quickstart docs/user/config docs/user/tools docs/user/links \
           docs/user/smartquotes docs/user/html docs/user/latex docs/user/manpage docs/howto/security \
           docs/howto/i18n docs/dev/policies docs/dev/testing docs/ref/rst/introduction docs/dev/hacking; do
  cp "$docs/$doc.txt" "$dest/docutils/"
done
fetch python-flask-doc
mkdir -p "$dest/flask/patterns"
pages=$work/python-flask-doc/usr/share/doc/python-flask-doc/html
for page in appcontext async-await blueprints debugging installation logging security server shell signals \
            templating patterns/caching patterns/favicon patterns/fileuploads patterns/flashing; do
  cp "$pages/$page.html" "$dest/flask/$page.html"
done

fetch flex-doc
mkdir -p "$dest/flex"
for page in Actions Debugging-Options Diagnostics EOF How-can-I-use-more-than-8192-rules_003f \
            Is-flex-GNU-or-not_003f Limitations Makefiles-and-Flex Matching \
            Memory-leak-_002d-16386-bytes-allocated-by-malloc_002e Multiple-Input-Buffers \
            Options-Affecting-Scanner-Behavior Performance Start-Conditions The-Default-Memory-Management \
            Why-doesn_0027t-flex-have-non_002dgreedy-operators-like-perl-does_003f; do
  cp "$work/flex-doc/usr/share/doc/flex-doc/html/$page.html" "$dest/flex/"
done
echo "corpora ready in $dest (files per corpus):" $(for set in git perlfaq debref docutils flask flex; do
  echo "$set $(find "$dest/$set" -type f | wc -l)"; done)
