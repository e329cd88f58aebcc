#!/bin/sh
. "$TIFA_SRCDIR/tests/lib.sh"
skip_all "being written"
