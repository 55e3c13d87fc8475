"""Prove the Linux build on a bare Debian 12: no Python, no Qt, only the packages in
the build's .requires list (run by `python3 dev.py dist --check`; needs root).

1. a minimal Debian bookworm root (debootstrap --variant=minbase), made once and
   kept at --root; every check works on a fresh copy of it;
2. apt-get installs the .requires packages there, and nothing else;
3. the archive is unpacked in /opt, and every library the app loads is looked up
   with the root's own ldd (optional plugins: the GTK theme, speech-dispatcher);
4. in a chroot, offscreen: `fieldkit --version`, `fieldkit gui --smoke`,
   `fieldkit demo seed --interviews 5`, an SPSS export (numpy, pandas, pyreadstat),
   and a coordinator's project opened in the window (its tabs are imported by name).

Standard library only. Exit 0 when all pass; 1 with the first failure otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

MIRROR = "http://deb.debian.org/debian"
#: Plugins that load only when the system has their libraries (speech-dispatcher);
#: the app runs without them, so they are not required.
OPTIONAL = ("texttospeech/libqtexttospeech_speechd",)


def say(message: str) -> None:
    print(f"bare_check: {message}", flush=True)


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, text=True, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


def make_root(root: Path) -> None:
    if (root / "usr" / "bin" / "apt-get").exists():
        return
    if shutil.which("debootstrap") is None:
        say("installing debootstrap")
        run(["apt-get", "install", "-y", "-qq", "debootstrap"])
    say(f"making a minimal Debian bookworm in {root} (once; a few minutes)")
    done = run(["debootstrap", "--variant=minbase", "bookworm", str(root), MIRROR],
               capture_output=True)
    if done.returncode != 0:
        raise SystemExit(f"bare_check: debootstrap failed:\n{done.stdout[-2000:]}"
                         f"{done.stderr[-2000:]}")


class Chroot:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.mounts: list[Path] = []

    def __enter__(self) -> Chroot:
        for source, target, kind in (("proc", "proc", "proc"), ("/dev", "dev", "bind")):
            where = self.root / target
            args = ["mount", "-t", "proc", source, str(where)] if kind == "proc" \
                else ["mount", "--bind", source, str(where)]
            if run(args).returncode == 0:
                self.mounts.append(where)
        shutil.copy2("/etc/resolv.conf", self.root / "etc" / "resolv.conf")
        return self

    def __exit__(self, *exc: object) -> None:
        for where in reversed(self.mounts):
            run(["umount", "-l", str(where)])

    def run(self, command: str, env: dict[str, str] | None = None,
            timeout: float = 600) -> subprocess.CompletedProcess[str]:
        base = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LANG": "C.UTF-8"}
        return subprocess.run(["chroot", str(self.root), "/bin/sh", "-c", command],
                              env={**base, **(env or {})}, capture_output=True, text=True,
                              timeout=timeout, check=False)


def missing_libraries(chroot: Chroot, app: str) -> dict[str, list[str]]:
    """library -> the files that need it and cannot find it (the root's own ldd, with
    the library path the app's launcher sets: its _internal folder)."""
    script = (f"export LD_LIBRARY_PATH={app}/_internal; "
              f"find {app} -name '*.so*' -type f | while read f; do "
              f"ldd \"$f\" 2>/dev/null | grep 'not found' | sed \"s|^|$f |\"; done")
    done = chroot.run(script)
    out: dict[str, list[str]] = {}
    for line in done.stdout.splitlines():
        parts = line.split()
        if len(parts) < 2 or any(opt in parts[0] for opt in OPTIONAL):
            continue
        out.setdefault(parts[1], []).append(parts[0])
    return out


def package_of(library: str) -> str:
    """The Debian package that ships ``library`` (asked of this machine's dpkg)."""
    done = run(["dpkg", "-S", f"*/{library}"], capture_output=True)
    if done.returncode == 0 and done.stdout:
        return done.stdout.split(":")[0]
    return f"? (a package with {library})"


def check(archive: Path, requires: Path, pristine: Path) -> int:
    started = time.monotonic()
    make_root(pristine)
    work = pristine.with_name(pristine.name + "-check")
    if work.exists():
        for mounted in ("proc", "dev"):  # left by an interrupted check
            run(["umount", "-l", str(work / mounted)], capture_output=True)
        shutil.rmtree(work)
    say(f"copying the bare root to {work}")
    run(["cp", "-a", str(pristine), str(work)])
    packages = [p.strip() for p in requires.read_text(encoding="utf-8").splitlines()
                if p.strip() and not p.startswith("#")]
    failures: list[str] = []
    with Chroot(work) as chroot:
        say(f"installing only the .requires packages: {' '.join(packages)}")
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        for command in ("apt-get update -qq",
                        "apt-get install -y -qq --no-install-recommends "
                        + " ".join(packages)):
            done = chroot.run(command, env=env)
            if done.returncode != 0:
                say(f"'{command}' failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
                return 1
        for absent in ("usr/bin/python3", "usr/lib/x86_64-linux-gnu/libQt6Core.so.6"):
            if (work / absent).exists():
                failures.append(f"the bare root has /{absent}: not a proof")
        say(f"unpacking {archive.name} into /opt")
        with tarfile.open(archive) as tar:
            tar.extractall(work / "opt", filter="tar")
        missing = missing_libraries(chroot, "/opt/fieldkit")
        for library, users in sorted(missing.items()):
            failures.append(f"{library} not found (needed by {users[0]}"
                            f"{f' and {len(users) - 1} more' if len(users) > 1 else ''}); "
                            f"Debian package: {package_of(library)}")
        app_env = {"QT_QPA_PLATFORM": "offscreen", "FIELDKIT_DATA_DIR": "/root/fk-data"}
        steps = [
            ("fieldkit --version", "/opt/fieldkit/fieldkit --version"),
            ("fieldkit gui --smoke", "/opt/fieldkit/fieldkit gui --smoke"),
            ("fieldkit gui --smoke --lang ckb", "/opt/fieldkit/fieldkit gui --smoke --lang ckb"),
            ("fieldkit demo seed --interviews 5",
             "/opt/fieldkit/fieldkit demo seed --interviews 5"),
            ("fieldkit export sav",
             "/opt/fieldkit/fieldkit export sav --out /root/fk-export"),
            # A coordinator's window loads its tabs by name (importlib): all must be in.
            ("fieldkit project init (coordinator)",
             "/opt/fieldkit/fieldkit --data-dir /root/fk-coord project init --name Bare"),
            ("fieldkit gui --smoke (coordinator)",
             "/opt/fieldkit/fieldkit --data-dir /root/fk-coord gui --smoke"),
        ]
        for label, command in steps:
            t0 = time.monotonic()
            done = chroot.run(command, env=app_env)
            took = time.monotonic() - t0
            if done.returncode != 0:
                failures.append(f"{label}: exit {done.returncode}: "
                                f"{(done.stderr or done.stdout).strip()[-1500:]}")
                say(f"FAIL {label} ({took:.1f} s)")
            else:
                first = (done.stdout.strip().splitlines() or [""])[0]
                say(f"ok   {label} ({took:.1f} s) {first[:100]}")
                for line in done.stderr.strip().splitlines()[:5]:
                    say(f"     stderr: {line[:160]}")
    for failure in failures:
        print(f"bare_check: FAIL {failure}", file=sys.stderr)
    say(f"{'passed' if not failures else 'FAILED'} in {time.monotonic() - started:.0f} s")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--archive", type=Path, required=True)
    parser.add_argument("--requires", type=Path, required=True)
    parser.add_argument("--root", type=Path, required=True,
                        help="where the pristine bare root is kept (made if missing)")
    args = parser.parse_args()
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        print("bare_check: runs on Linux as root (debootstrap, chroot)", file=sys.stderr)
        return 4
    for path in (args.archive, args.requires):
        if not path.is_file():
            print(f"bare_check: {path}: missing; run `python3 dev.py dist` first",
                  file=sys.stderr)
            return 4
    return check(args.archive, args.requires, args.root)


if __name__ == "__main__":
    sys.exit(main())
