"""Shared test helpers: paths to the shared contract and vignettes, and case strategies."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Property tests check what holds, never how fast: a loaded machine must not fail them (a case
# once took 457 ms against hypothesis's default 200 ms deadline). Speed lives in bench/.
settings.register_profile("crepitus", deadline=None)
settings.load_profile("crepitus")

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CREPITUS_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A file in the shared folder beside the repository; skip the test when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (set CREPITUS_SHARED to the shared folder)")
    return path


def dev_vignettes() -> list[dict[str, Any]]:
    path = shared_path("vignettes", "dev.jsonl")
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(autouse=True, scope="session")
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Nothing a test runs may touch the real user's diary: point every process elsewhere."""
    os.environ["CREPITUS_DATA_DIR"] = str(tmp_path_factory.mktemp("crepitus-data"))
    os.environ.pop("CREPITUS_DATABASE_URL", None)
