"""Running the CLI in-process, as a user would from a shell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from papershelf.cli import main


class Cli:
    """``papershelf --library DIR ...`` with captured output."""

    def __init__(self, folder: Path, capsys: pytest.CaptureFixture[str]):
        self.folder = folder
        self.capsys = capsys

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--library", str(self.folder), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out
