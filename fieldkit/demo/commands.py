"""``fieldkit demo seed``: realistic demo records in the current project."""

from __future__ import annotations

import argparse

from fieldkit.cli_parser import Subcommands, add_command, add_subcommands, make_context
from fieldkit.errors import EXIT_OK, UsageError
from fieldkit.i18n import N_, _

#: What seeders make, as the command's report names it.
SEEDED_KINDS = {"interviews": N_("household surveys"),
                "attendances": N_("advice-session attendances"),
                "focus_passages": N_("coded focus-group passages")}


def register(commands: Subcommands) -> None:
    demo = add_command(commands, "demo", help=_("demo data for training and testing"),
                       description=_("Demo data for training, screenshots and benchmarks."))
    demo_commands = add_subcommands(demo, "demo_command")
    seed = add_command(
        demo_commands, "seed", help=_("add realistic finalized interviews to this project"),
        description=_("Add realistic finalized interviews of the household survey (several "
                      "interviewers, laptops and respondent languages) to the current "
                      "project. The same seed on the same store gives the same data."))
    seed.add_argument("--interviews", type=int, required=True, metavar="N",
                      help=_("how many interviews to add"))
    seed.add_argument("--seed", type=int, default=1, metavar="S",
                      help=_("random seed (default: 1)"))
    seed.add_argument("--json", action="store_true",
                      help=_("print the result as JSON (see the README)"))
    seed.set_defaults(handler=_cmd_seed)


def _cmd_seed(args: argparse.Namespace) -> int:
    import getpass
    import json

    from fieldkit.demo.seeding import seed_demo

    if args.interviews < 0:
        raise UsageError(_("--interviews {n}: give a number of 0 or more.")
                         .format(n=args.interviews))
    ctx = make_context(args)
    try:
        result = seed_demo(ctx.store, interviews=args.interviews, seed=args.seed,
                           actor=getpass.getuser())
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        for count in result.counts:
            what = _(SEEDED_KINDS[count.what]) if count.what in SEEDED_KINDS else count.what
            print(_("Added demo records (seed {seed}): {what}, {count}.").format(
                count=count.count, what=what, seed=result.seed))
    return EXIT_OK
