"""Free text in, case fields out: the layer between the knowledge and the surfaces.

``understand(text)`` reads a description ("my lower back cracks when I bend, no numbness") with
medspaCy on a blank spaCy English pipeline, driven by ``knowledge/data/language.toml``. The NLP
libraries are imported on first use, so importing this package stays cheap.
"""

from __future__ import annotations

from crepitus.understanding.pipeline import UnderstandingUnavailableError
from crepitus.understanding.read import understand
from crepitus.understanding.result import Mention, Understanding

__all__ = ["Mention", "Understanding", "UnderstandingUnavailableError", "understand"]
