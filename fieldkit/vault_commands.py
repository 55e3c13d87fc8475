"""``fieldkit vault status|encrypt|add-pin|recovery-file|recover``: the encrypted store
(fieldkit.vault) from the command line. Secrets come from the environment
(``FIELDKIT_PIN``, ``FIELDKIT_NEW_PIN``, ``FIELDKIT_PASSPHRASE``,
``FIELDKIT_RECOVERY_CODE``) for scripts, else are asked for without echo."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK, EnvironmentProblem, InvalidInput, UsageError
from fieldkit.i18n import _, ngettext

if TYPE_CHECKING:
    from fieldkit.context import AppContext
    from fieldkit.store import Store


def register(commands: Subcommands) -> None:
    vault = add_command(commands, "vault", help=_("encrypt the data store and unlock it"),
                        description=_("The data store encrypted at rest: see the README's "
                                      "'Encrypted store' and 'Threat model'."))
    sub = add_subcommands(vault, "vault_command")
    status = add_command(sub, "status", help=_("say whether the store is encrypted"),
                         description=_("Whether the store is encrypted, who can unlock it, "
                                       "and the count of wrong PINs."))
    status.add_argument("--json", action="store_true", help=_("print JSON"))
    status.set_defaults(handler=_cmd_status)
    encrypt = add_command(
        sub, "encrypt", help=_("encrypt the store in place"),
        description=_("Encrypt the data store and its backups in place (close the app "
                      "first). The plaintext is overwritten once the encrypted copy is "
                      "checked. The PIN comes from FIELDKIT_PIN, or is asked for."))
    who = encrypt.add_mutually_exclusive_group(required=True)
    who.add_argument("--interviewer", metavar="NAME",
                     help=_("the interviewer whose PIN unlocks the store"))
    who.add_argument("--passphrase", action="store_true",
                     help=_("a passphrase unlocks it (a coordinator; from "
                            "FIELDKIT_PASSPHRASE or asked for)"))
    encrypt.add_argument("--device-secret-file", metavar="PATH",
                         help=_("keep the device secret in this file, outside the data "
                                "folder, instead of the computer's key store"))
    encrypt.add_argument("--no-device-secret", action="store_true",
                         help=_("no device secret: only with a passphrase of 16 or more "
                                "characters"))
    encrypt.set_defaults(handler=_cmd_encrypt)
    add_pin = add_command(
        sub, "add-pin", help=_("let one more interviewer unlock the store"),
        description=_("Unlock with FIELDKIT_PIN, then wrap the store's key for another "
                      "interviewer's PIN (FIELDKIT_NEW_PIN, or asked for)."))
    add_pin.add_argument("--interviewer", metavar="NAME", required=True)
    add_pin.set_defaults(handler=_cmd_add_pin)
    recovery = add_command(
        sub, "recovery-file", help=_("coordinator: a recovery file for a laptop"),
        description=_("From a laptop's key file (fieldkit.sqlite3.keys), write a recovery "
                      "file for it and print the code that opens it. Send the file and "
                      "tell the code by another way (phone, in person)."))
    recovery.add_argument("keys", metavar="KEYFILE")
    recovery.add_argument("--out", required=True, metavar="FILE")
    recovery.set_defaults(handler=_cmd_recovery_file)
    recover = add_command(
        sub, "recover", help=_("open a locked-out store with the coordinator's file"),
        description=_("Open the store with the coordinator's recovery file and code "
                      "(FIELDKIT_RECOVERY_CODE or asked for), and give the interviewer a "
                      "new PIN (FIELDKIT_NEW_PIN or asked for)."))
    recover.add_argument("file", metavar="FILE")
    recover.add_argument("--interviewer", metavar="NAME", required=True)
    recover.set_defaults(handler=_cmd_recover)


def _store_file(ctx: AppContext) -> Path:
    from fieldkit.store.database import sqlite_file

    file = sqlite_file(ctx.db_url)
    if file is None:
        raise UsageError(_("--db: only a SQLite store is encrypted by fieldkit; a "
                           "PostgreSQL server encrypts its own disk."))
    return file


def _ask(env_name: str, prompt: str, *, twice: bool = False) -> str:
    value = os.environ.get(env_name)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UsageError(_("Set {name}, or run this in a terminal to be asked.").format(
            name=env_name))
    import getpass

    value = getpass.getpass(prompt)
    if twice and getpass.getpass(_("Again: ")) != value:
        raise InvalidInput(_("The two entries differ; nothing was changed."))
    return value


def _interviewer_id(store: Store, name: str) -> tuple[str, str | None]:
    from sqlalchemy import select

    from fieldkit.store.models import Interviewer

    with store.session() as session:
        rows = session.scalars(select(Interviewer).where(
            Interviewer.name == name.strip(), Interviewer.active)).all()
        if len(rows) != 1:
            raise InvalidInput(_("--interviewer {name}: no such active interviewer here.")
                               .format(name=name))
        return rows[0].id, rows[0].pin_hash


def _recovery_public(store: Store) -> bytes | None:
    """The project's X25519 public key (a laptop's from its pack, a coordinator's own)."""
    from sqlalchemy import select

    from fieldkit.store.models import SyncProject

    with store.session() as session:
        found = session.scalars(select(SyncProject.box_key)).first()
        return bytes(found) if found is not None else None


def _cmd_status(args: argparse.Namespace) -> int:
    from fieldkit.vault.keyfile import keyfile_path, load_keyfile
    from fieldkit.vault.sqlcipher import finish_pending, is_encrypted_store

    ctx = make_context(args)
    file = _store_file(ctx)
    finish_pending(file, ctx.paths.backup_dir)
    info: dict[str, object] = {"store": str(file), "encrypted": is_encrypted_store(file)}
    if info["encrypted"]:
        keys = load_keyfile(keyfile_path(file))
        info.update(device=keys.device_kind, failures=keys.failures,
                    wraps=[{"kind": w.kind, "interviewer_id": w.owner} for w in keys.wraps])
    if args.json:
        print(json.dumps(info, indent=2))
    elif info["encrypted"]:
        print(_("{path}: encrypted; device secret: {device}; unlocks: {wraps}; wrong PINs "
                "in a row: {failures}.").format(
                    path=file, device=info["device"], failures=info["failures"],
                    wraps=", ".join(f"{w.kind} {w.owner}".strip() for w in keys.wraps)))
    else:
        print(_("{path}: not encrypted (fieldkit vault encrypt).").format(path=file))
    return EXIT_OK


def _app_running(ctx: AppContext) -> bool:
    try:
        pid = int(ctx.paths.lock_file.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()


def _cmd_encrypt(args: argparse.Namespace) -> int:
    from fieldkit.interviewers import normalise_pin
    from fieldkit.store import open_store
    from fieldkit.vault.setup import encrypt_store
    from fieldkit.vault.sqlcipher import finish_pending, is_encrypted_store

    ctx = make_context(args)
    file = _store_file(ctx)
    finish_pending(file, ctx.paths.backup_dir)
    if is_encrypted_store(file):
        raise UsageError(_("{path} is already encrypted.").format(path=file))
    if _app_running(ctx):
        raise EnvironmentProblem(_("fieldkit is running on this data folder; close it, then "
                                   "encrypt the store."))
    store = open_store(ctx.db_url, backup_dir=ctx.paths.backup_dir)  # migrated first
    try:
        owner, pin_hash = ("", None) if args.passphrase else \
            _interviewer_id(store, args.interviewer)
        public = _recovery_public(store)
    finally:
        store.close()
    if args.passphrase:
        secret, kind = _ask("FIELDKIT_PASSPHRASE", _("New passphrase: "), twice=True), \
            "passphrase"
    else:
        secret, kind = normalise_pin(_ask("FIELDKIT_PIN", _("PIN: "), twice=True)), "pin"
        if pin_hash is not None:
            from argon2 import PasswordHasher
            from argon2.exceptions import InvalidHashError, VerificationError

            try:
                PasswordHasher().verify(pin_hash, secret)
            except (VerificationError, InvalidHashError):
                raise InvalidInput(_("--interviewer {name}: that is not their PIN; the store "
                                     "is unlocked with the PIN they sign in with.").format(
                                         name=args.interviewer)) from None
    device_kind = "none" if args.no_device_secret else \
        "file" if args.device_secret_file else "keyring"

    def progress(fraction: float) -> None:
        print(_("encrypting: {percent}%").format(percent=int(fraction * 100)),
              file=sys.stderr, flush=True)

    key = encrypt_store(file, secret=secret, kind=kind, owner=owner, device_kind=device_kind,
                        device_path=Path(args.device_secret_file).expanduser()
                        if args.device_secret_file else None,
                        recovery_public=public, backup_dir=ctx.paths.backup_dir,
                        progress=progress)
    from fieldkit.vault.sealed import file_key, seal_folder

    sealed = seal_folder(ctx.paths.attachments_dir, file_key(key))
    print(_("{path} is encrypted.").format(path=file))
    if sealed:
        print(ngettext("{n} attachment encrypted.", "{n} attachments encrypted.", sealed)
              .format(n=sealed))
    if public is None:
        print(_("No project key here yet: the coordinator cannot recover this store; a "
                "forgotten PIN or passphrase loses it."), file=sys.stderr)
    return EXIT_OK


def _cmd_add_pin(args: argparse.Namespace) -> int:
    from fieldkit.interviewers import normalise_pin
    from fieldkit.vault.unlock import add_secret

    ctx = make_context(args)
    file = _store_file(ctx)
    owner, _hash = _interviewer_id(ctx.store, args.interviewer)
    key = ctx.store_key()
    if key is None:
        raise UsageError(_("{path} is not encrypted.").format(path=file))
    pin = normalise_pin(_ask("FIELDKIT_NEW_PIN", _("Their PIN: "), twice=True))
    add_secret(file, key, pin, kind="pin", owner=owner)
    print(_("{name} can now unlock the store.").format(name=args.interviewer))
    return EXIT_OK


def _cmd_recovery_file(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from fieldkit.store.models import Project
    from fieldkit.sync.keys import box_private
    from fieldkit.vault.setup import write_recovery_file

    ctx = make_context(args)
    with ctx.store.session() as session:
        project = session.scalars(select(Project).where(Project.role == "coordinator")).first()
        if project is None:
            raise UsageError(_("This is not a coordinator's store: only the coordinator "
                               "holds the project key that recovers a laptop."))
        project_id = project.id
    private = bytes(box_private(ctx.store, project_id))
    code = write_recovery_file(Path(args.keys), private, Path(args.out))
    print(_("Wrote {path}. Its code (tell it by phone or in person, never with the "
            "file): {code}").format(path=args.out, code=code))
    return EXIT_OK


def _cmd_recover(args: argparse.Namespace) -> int:
    from fieldkit.interviewers import normalise_pin
    from fieldkit.store import open_store
    from fieldkit.vault.setup import recover

    ctx = make_context(args)
    file = _store_file(ctx)
    code = _ask("FIELDKIT_RECOVERY_CODE", _("Recovery code: "))
    pin = normalise_pin(_ask("FIELDKIT_NEW_PIN", _("New PIN: "), twice=True))
    # The interviewer's id is in the encrypted store: find it with the recovered key.
    from fieldkit.vault.setup import open_recovery_key

    key = open_recovery_key(file, Path(args.file), code)
    store = open_store(ctx.db_url, backup_dir=ctx.paths.backup_dir, key=key)
    try:
        owner, _hash = _interviewer_id(store, args.interviewer)
    finally:
        store.close()
    recover(file, Path(args.file), code, owner=owner, new_pin=pin)
    print(_("The store is open again; {name} unlocks it with the new PIN.").format(
        name=args.interviewer))
    return EXIT_OK
