"""``fieldkit prompts status|add``: the coordinator's recorded prompts from the
command line: what is still unrecorded in each language, and adding a WAV file
recorded elsewhere (the app's *Record prompts* dialog records in place)."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands
from fieldkit.i18n import _

__all__ = ["register"]


def register(commands: Subcommands) -> None:
    prompts = add_command(commands, "prompts", help=_("recorded prompts of the forms"),
                          description=_("A person's voice reading a form's questions and "
                                        "choices, per language; read aloud plays them on "
                                        "the laptops after the next pack."))
    sub = add_subcommands(prompts, "prompts_command")
    status = add_command(
        sub, "status", help=_("what is recorded and what is not"),
        description=_("For each language of the form (or the one asked for), how many of "
                      "its questions and choices are recorded, and the texts still to "
                      "record."))
    status.add_argument("--form", required=True, metavar="ID", help=_("the form's form_id"))
    status.add_argument("--language", metavar="CODE",
                        help=_("only this language (a code such as ckb, or the form's name "
                               "for it)"))
    status.add_argument("--json", action="store_true",
                        help=_("print the result as JSON (see the README)"))
    status.set_defaults(handler=_cmd_status)
    add = add_command(
        sub, "add", help=_("add a WAV file as the recording of one prompt"),
        description=_("Keep FILE (a .wav of a minute at most) as the recording of one "
                      "question or choice of the form in one language, replacing any "
                      "earlier one. PROMPT is as 'prompts status --json' lists it: "
                      "q:/data/... for a question, c:LIST/VALUE for a choice."))
    add.add_argument("file", metavar="FILE", help=_("the recording (.wav)"))
    add.add_argument("--form", required=True, metavar="ID", help=_("the form's form_id"))
    add.add_argument("--language", required=True, metavar="CODE",
                     help=_("the language read (a code such as ckb, or the form's name)"))
    add.add_argument("--prompt", required=True, metavar="PROMPT",
                     help=_("which question or choice (see above)"))
    add.set_defaults(handler=_cmd_add)


def _cmd_status(args: argparse.Namespace) -> int:
    import json

    from fieldkit.cli_parser import make_context
    from fieldkit.interviews.recordings import coverage, newest_form
    from fieldkit.sync.project_role import coordinator_project

    ctx = make_context(args)
    try:
        project_id = coordinator_project(ctx.store).id
        if args.language:
            languages = [args.language]
        else:
            with ctx.store.session() as session:
                languages = list(newest_form(session, project_id, args.form).languages)
        found = [coverage(ctx.store, project_id, args.form, language)
                 for language in languages]
    finally:
        ctx.close()
    if args.json:
        print(json.dumps({"form": args.form, "languages": [{
            "language": c.language, "prompts": len(c.prompts),
            "recorded": len(c.prompts) - len(c.missing),
            "outdated": [p.key for p in c.outdated],
            "missing": [{"prompt": p.key, "kind": p.kind, "text": p.text}
                        for p in c.missing]} for c in found]}, ensure_ascii=False, indent=2))
        return 0
    for c in found:
        print(_("{language}: {done} of {total} recorded, {outdated} to record again").format(
            language=c.language, done=len(c.prompts) - len(c.missing), total=len(c.prompts),
            outdated=len(c.outdated)))
        for prompt in c.missing:
            print(f"  {prompt.key}\t{prompt.text}")
    return 0


def _cmd_add(args: argparse.Namespace) -> int:
    import getpass

    from fieldkit.cli_parser import make_context
    from fieldkit.errors import InvalidInput
    from fieldkit.interviews.recordings import save_recording
    from fieldkit.sync.project_role import coordinator_project

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(_("{file}: cannot be read ({problem}).").format(
            file=path, problem=exc.strerror or exc)) from exc
    ctx = make_context(args)
    try:
        project_id = coordinator_project(ctx.store).id
        info = save_recording(ctx.store, project_id, args.form, args.language,
                              key=args.prompt, data=data, actor=getpass.getuser(),
                              label=str(path))
    finally:
        ctx.close()
    print(_("Recorded {prompt} ({seconds} s). Write a new pack so the laptops get it.")
          .format(prompt=info.key, seconds=f"{info.duration_ms / 1000:.1f}"))
    return 0
