#!/usr/bin/env bash
# What Firefox allows for localStorage on file:// pages (README: "file:// storage, measured").
# Needs firefox-esr (apt-get install firefox-esr); neither the build nor the tests need it.
# Two pages in sibling folders, as every page of a built site is (x/index.html): page A reads
# and writes a value (loaded twice: does its storage persist?), page B reads it (is storage
# shared?). Run with Firefox's default and with security.fileuri.strict_origin_policy=false.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/a" "$work/b"
page() {
  printf '<!doctype html><title>t</title><script>var r; try { %s } catch (e) { r = "error " + e; } dump("RESULT " + r + "\\n");</script>\n' "$2" > "$work/$1/index.html"
}
page a 'r = "A read " + localStorage.getItem("k"); localStorage.setItem("k", "written-by-A");'
page b 'r = "B read " + localStorage.getItem("k");'
for strict in true false; do
  profile="$work/profile-$strict"
  mkdir -p "$profile"
  printf 'user_pref("security.fileuri.strict_origin_policy", %s);\nuser_pref("browser.dom.window.dump.enabled", true);\n' "$strict" > "$profile/user.js"
  echo "security.fileuri.strict_origin_policy=$strict:"
  for p in a a b; do
    firefox-esr --headless --profile "$profile" --screenshot "$work/shot.png" "file://$work/$p/index.html" 2>/dev/null | grep '^RESULT' | sed 's/^RESULT /  /' || echo "  (page $p printed nothing)"
  done
done
firefox-esr --version
