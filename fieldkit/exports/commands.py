from fieldkit.cli_parser import Subcommands


def register(commands: Subcommands) -> None:
    pass
