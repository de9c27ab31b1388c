"""Structured logging: one ``key=value`` line per event on stderr."""

from __future__ import annotations

import logging
import sys


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields = {"level": record.levelname.lower(), "logger": record.name, "msg": record.getMessage()}
        fields.update(getattr(record, "fields", {}))
        return " ".join(f"{k}={_quote(v)}" for k, v in fields.items())


def _quote(value: object) -> str:
    text = str(value)
    return f'"{text}"' if (" " in text or not text) else text


def setup_logging(verbose: bool = False) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)


def log_event(logger: logging.Logger, level: int, msg: str, **fields: object) -> None:
    """Log ``msg`` with extra structured fields: ``log_event(log, logging.INFO, "parsed", file=f)``."""
    logger.log(level, msg, extra={"fields": fields})
