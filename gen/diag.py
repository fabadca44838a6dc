"""Located diagnostics: every IDL error is reported as file:line:col: error: msg."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Loc:
    """A position in the IDL file (line and column are 1-based; line 0:
    the file as a whole)."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        if self.line == 0:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


class IdlError(Exception):
    """One fatal IDL diagnostic."""

    def __init__(self, loc: Loc | None, msg: str) -> None:
        super().__init__(msg)
        self.loc = loc
        self.msg = msg

    def __str__(self) -> str:
        where = str(self.loc) if self.loc else "<idl>"
        return f"{where}: error: {self.msg}"


class Diagnostics:
    """Collects errors so that one run reports all of them, in file order."""

    def __init__(self) -> None:
        self.errors: list[IdlError] = []

    def error(self, loc: Loc | None, msg: str) -> None:
        self.errors.append(IdlError(loc, msg))

    def raise_if_any(self) -> None:
        if self.errors:
            raise IdlErrors(self.errors)


class IdlErrors(Exception):
    """Several diagnostics, sorted by position."""

    def __init__(self, errors: list[IdlError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = sorted(errors, key=lambda e: (
            (e.loc.path, e.loc.line, e.loc.col) if e.loc else ("", 0, 0)))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
