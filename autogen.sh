#!/bin/sh
# Generate ./configure and the Makefile templates from configure.ac and
# Makefile.am.  Run once in a fresh clone, then ./configure && make.
set -e
cd "$(dirname "$0")"
autoreconf --install --force --warnings=all
echo "Now run ./configure && make"
