#!/bin/sh
# macOS: the .app PyInstaller made (dist/fieldkit.app, from packaging/fieldkit.spec's
# BUNDLE step, with .fkpack/.fkbundle document types in its Info.plist) into a .dmg
# with an Applications link to drag it onto. UNTESTED here: runs on the macos runner
# of .github/workflows/build.yml. Unsigned: the first start needs right-click > Open
# (signing and notarising need an Apple developer account the project does not have).
#   sh packaging/macos/make_dmg.sh VERSION ARCH
set -eu
version=$1
arch=${2:-$(uname -m)}
stage=$(mktemp -d)
cp -R dist/fieldkit.app "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname "fieldkit $version" -srcfolder "$stage" -ov -format UDZO \
    "dist/fieldkit-$version-macos-$arch.dmg"
rm -rf "$stage"
