"""Where the development data is: ``../shared`` beside the checkout, or ``NEWSBOT_TEST_SHARED``.

Plain paths, no pytest: the benchmark (``python -m bench``) reads them too, with or without the
test extras installed.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSBOT_TEST_SHARED") or ROOT.parent / "shared")
SHARED_WHAT = "the read-only development data folder beside the checkout (news corpus, question sets, Bot API spec)"
SPEC_PATH = SHARED / "telegram" / "bot-api.json"
