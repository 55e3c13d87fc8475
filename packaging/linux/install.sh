#!/bin/sh
# Put fieldkit in this user's application menu and associate project packs (.fkpack)
# and data bundles (.fkbundle) with it. No administrator rights needed; run it from
# the unpacked folder:  ./install.sh      (./install.sh --uninstall removes it again)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin

if [ "${1:-}" = "--uninstall" ]; then
    rm -f "$data/applications/fieldkit.desktop" "$data/mime/packages/fieldkit-mime.xml" \
          "$bin/fieldkit"
    find "$data/icons/hicolor" -name 'fieldkit.*' -delete 2>/dev/null || true
else
    mkdir -p "$data/applications" "$data/mime/packages" "$bin"
    ln -sf "$here/fieldkit" "$bin/fieldkit"
    # The menu entry runs this folder's executable, wherever it was unpacked.
    sed "s|^Exec=fieldkit|Exec=\"$here/fieldkit\"|" "$here/share/fieldkit.desktop" \
        > "$data/applications/fieldkit.desktop"
    cp "$here/share/fieldkit-mime.xml" "$data/mime/packages/"
    cp -R "$here/share/icons" "$data/"
fi
command -v update-mime-database >/dev/null && update-mime-database "$data/mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
if [ "${1:-}" = "--uninstall" ]; then echo "fieldkit: removed from the menu"; else echo "fieldkit: in the menu, and opens .fkpack and .fkbundle files"; fi
