"""``crepitus knowledge --pack``: a clinic checks the language pack it is writing."""

from __future__ import annotations

import json
from pathlib import Path

from crepitus.knowledge.locales import locales_dir
from tests.cli.conftest import crepitus


def copy_of_the_spanish_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "es"
    folder.mkdir()
    for item in locales_dir().joinpath("es").iterdir():
        (folder / item.name).write_text(item.read_text("utf-8"), "utf-8")
    return folder


def test_the_languages_are_listed_with_the_knowledge() -> None:
    data = json.loads(crepitus("knowledge", "--json").stdout)
    assert data["languages"] == ["en", "es"]


def test_a_complete_pack_is_said_to_be_servable() -> None:
    done = crepitus("knowledge", "--pack", str(locales_dir().joinpath("es")))
    assert done.returncode == 0, done.stderr
    assert "Español (es, Spanish), addressing the reader as usted" in done.stdout
    assert "can be served" in done.stdout


def test_an_unfinished_pack_lists_the_texts_still_missing(tmp_path: Path) -> None:
    pack = copy_of_the_spanish_pack(tmp_path)
    meta = pack / "pack.toml"
    meta.write_text(meta.read_text("utf-8").replace("complete = true", "complete = false"))
    (pack / "findings.toml").unlink()
    done = crepitus("knowledge", "--pack", str(pack), "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["complete"] is False
    assert data["missing"][0] == "locales/es/findings.toml finding.back_pain.description"
    assert len(data["missing"]) == 18


def test_a_broken_pack_is_refused_naming_the_file_and_key(tmp_path: Path) -> None:
    pack = copy_of_the_spanish_pack(tmp_path)
    meta = pack / "meta.toml"
    meta.write_text(meta.read_text("utf-8").replace("24 horas", "48 horas"))
    done = crepitus("knowledge", "--pack", str(pack))
    assert done.returncode == 1
    said = " ".join(done.stdout.split())
    assert "Refused: locales/es/meta.toml level.urgent.action:" in said
    assert "placeholders or numbers differ from the English: ['48'] here, ['24']" in said
