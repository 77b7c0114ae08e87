"""JSON as every output of the toolkit writes it: indented, UTF-8 text as is, and no NaN or infinity (which are not
JSON and which other tools reject)."""

from __future__ import annotations

import json
from typing import Any


def json_text(data: Any) -> str:
    """``data`` as indented JSON text, without a final newline; values JSON has no type for are written as text.

    >>> print(json_text({"journey": "ការចុះឈ្មោះ", "days": [1.5]}))
    {
      "journey": "ការចុះឈ្មោះ",
      "days": [
        1.5
      ]
    }
    """
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False, default=str)
