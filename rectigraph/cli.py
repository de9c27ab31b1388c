"""The ``rectigraph`` command: one entry point, one sub-command per stage.

Each stage package exposes ``COMMANDS`` in its own ``cli`` module: ``{name: Command}``. Those modules
import nothing heavy at import time, so ``rectigraph --help`` and ``rectigraph parse`` start fast and never
import torch.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from dataclasses import dataclass

from rectigraph import __version__
from rectigraph.logs import setup_logging

#: Stage modules that contribute sub-commands, in the order data flows.
STAGE_CLIS = ("ingest.cli", "graph.cli", "search.cli", "tracing.cli", "web.cli")


@dataclass
class Command:
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str | None = None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rectigraph",
        description="Ingest inspection-rectification reports (巡视/巡察整改情况通报), build a knowledge graph, "
        "search and trace recurring problems across reports.",
    )
    parser.add_argument("--version", action="version", version=f"rectigraph {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in STAGE_CLIS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name or module_name.startswith(f"{exc.name}."):
                continue  # stage not built yet
            raise
        for name, command in module.COMMANDS.items():
            p = sub.add_parser(
                name,
                help=command.help,
                description=command.description or command.help,
                formatter_class=argparse.RawDescriptionHelpFormatter,
            )
            command.add_arguments(p)
            p.set_defaults(_run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help()
        return 2
    setup_logging(args.verbose)
    try:
        return int(args._run(args) or 0)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
