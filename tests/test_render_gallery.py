"""The gallery command and the library's contact sheets."""

from __future__ import annotations

import pytest
from PIL import Image

from animdirector.cli import build_parser, main
from animdirector.tools.render.gallery import contact_sheets


def test_gallery_help_has_an_example(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["gallery", "--help"])
    out = capsys.readouterr().out
    assert "animdirector gallery --out" in out


def test_gallery_writes_the_sheets_it_is_asked_for(tmp_path):
    assert main(["gallery", "--out", str(tmp_path), "--only", "props"]) == 0
    img = Image.open(tmp_path / "props.png")
    assert img.width > 800 and img.height > 400


def test_unknown_sheet_is_refused(tmp_path):
    with pytest.raises(ValueError, match="nonsense"):
        contact_sheets(tmp_path, only=["nonsense"])
    assert main(["gallery", "--out", str(tmp_path), "--only", "nonsense"]) == 2
