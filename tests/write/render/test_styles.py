"""The PDF style sheet: every shared style exists; mistakes are ConfigErrors."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from briefing.write.doc import STYLE_NAMES, Doc
from briefing.errors import ConfigError
from briefing.write.render import RenderOptions, get_renderer
from briefing.write.render.pdf_styles import load_sheet

SHIPPED = Path(__file__).resolve().parents[3] / "templates" / "styles" / "pdf.toml"


def test_pdf_sheet_defines_every_style() -> None:
    data = tomllib.loads(SHIPPED.read_text(encoding="utf-8"))
    assert [name for name in STYLE_NAMES if name not in data] == []
    sheet = load_sheet(SHIPPED)
    assert sheet.styles["Heading 1"].keepWithNext == 1
    assert sheet.styles["Title"].fontName == "BriefingSans-Bold"




def test_unknown_key_is_config_error(tmp_path: Path, doc: Doc) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace("[Caption]\n", "[Caption]\nfont_colour = \"#ff0000\"\n")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "pdf.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        get_renderer("pdf").render(doc, RenderOptions(templates_dir=tmp_path))
    message = str(err.value)
    assert "font_colour" in message and "Caption" in message and "\n" not in message


def test_unknown_style_is_config_error(tmp_path: Path) -> None:
    path = tmp_path / "pdf.toml"
    path.write_text(SHIPPED.read_text(encoding="utf-8") + '\n["Heading 4"]\nsize = 9\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="Heading 4"):
        load_sheet(path)


def test_missing_style_is_config_error(tmp_path: Path) -> None:
    path = tmp_path / "pdf.toml"
    path.write_text(SHIPPED.read_text(encoding="utf-8").replace("[Caption]", "# no caption\n[Caption_]"),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(ConfigError):
        load_sheet(path)


def test_bad_value_is_config_error(tmp_path: Path) -> None:
    path = tmp_path / "pdf.toml"
    path.write_text(SHIPPED.read_text(encoding="utf-8").replace('font = "serif"', 'font = "comic"', 1),
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(ConfigError, match="comic"):
        load_sheet(path)


def test_invalid_toml_is_config_error(tmp_path: Path) -> None:
    path = tmp_path / "pdf.toml"
    path.write_text("[Normal\nsize = ", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_sheet(path)
    assert "\n" not in str(err.value)


def test_user_sheet_overrides_shipped(tmp_path: Path, doc: Doc) -> None:
    text = SHIPPED.read_text(encoding="utf-8").replace("[Title]\nfont = \"sans\"\nsize = 22", "[Title]\nfont = \"sans\"\nsize = 40")
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "pdf.toml").write_text(text, encoding="utf-8")
    plain = get_renderer("pdf").render(doc, RenderOptions())
    custom = get_renderer("pdf").render(doc, RenderOptions(templates_dir=tmp_path))
    assert plain != custom
