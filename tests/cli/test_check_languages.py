"""``crepitus check`` in another language: ``--lang es`` or ``CREPITUS_LANGUAGE``."""

from __future__ import annotations

import os
import re

from tests.cases import BENIGN
from tests.cli.conftest import answer_lines, crepitus

SPANISH_WORDS = {"yes": "sí", "no": "no", "skip": "no sé", "none": "ninguna"}


def spanish_script(case: dict[str, object]) -> str:
    """What a Spanish speaker types: Enter for their own check, then each answer (no
    description step: the reader is English only)."""
    return "\n".join(["", *(SPANISH_WORDS.get(line, line) for line in answer_lines(case))]) + "\n"


def test_a_benign_check_in_spanish_asks_and_answers_in_spanish() -> None:
    done = crepitus("check", "--plain", "--lang", "es", stdin=spanish_script(BENIGN))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "¿Para quién es la consulta?" in out
    assert "pasa directamente a las preguntas" in out  # no free-text step in Spanish
    assert "In your own words" not in out and "Con sus propias palabras" not in out
    assert "¿Qué edad tiene?" in out
    assert "PUEDE CUIDARSE EN CASA" in out
    assert "Crujido articular sin importancia" in out
    assert "Los crujidos por sí solos son normales" in out
    assert "Qué hacer" in out and "What to do" not in out
    assert re.search(r"\(0,\d\d\)", out), "scores are written with a decimal comma"
    assert "No se ha guardado" in out


def test_the_language_setting_chooses_spanish_and_an_emergency_stops_in_spanish() -> None:
    script = spanish_script(
        {"age": 58, "pop_region": "lumbar", "pain_score": 0, "saddle_numbness": True}
    )
    env = {**os.environ, "CREPITUS_LANGUAGE": "es"}
    done = crepitus("check", "--plain", stdin=script, env=env)
    assert done.returncode == 0, done.stderr
    assert "EMERGENCIA: PIDA AYUDA AHORA" in done.stdout
    assert "Por qué: Notar dormida la zona de los genitales" in done.stdout


def test_a_wrong_answer_is_explained_in_spanish() -> None:
    done = crepitus("check", "--plain", "--lang", "es", stdin="\nviejo\n30\nsalir\n")
    assert "'viejo' no es una respuesta válida aquí; se esperaba un número entero" in done.stdout
    assert done.returncode == 1
    assert "No se ha guardado nada" in done.stdout


def test_a_language_without_a_pack_is_refused_with_the_ones_there_are() -> None:
    done = crepitus("check", "--lang", "xx")
    assert done.returncode == 2
    assert "no such language pack; available: en, es" in done.stderr


def test_every_line_of_the_pseudo_language_check_is_wrapped() -> None:
    env = {**os.environ, "COLUMNS": "2000"}  # one string a line: no wrapping mid-text
    script = "\n".join(["", *answer_lines(BENIGN)]) + "\n"
    done = crepitus("check", "--plain", "--lang", "qps", stdin=script, env=env)
    assert done.returncode == 0, done.stderr
    unwrapped = [
        line
        for line in done.stdout.splitlines()
        if re.search(r"[A-Za-z]{2}", line) and "⟦" not in line
    ]
    assert not unwrapped, unwrapped
