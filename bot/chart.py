"""The /timeline picture: a bar chart of statements per month, drawn with matplotlib (Agg).

Chinese text needs a CJK font: Noto Sans CJK as the manimgx-fonts-cjk package ships it (a
dependency, so installs need no system packages), else Debian's fonts-noto-cjk, else matplotlib's
default (names would show as boxes; said once in the log). Drawing is CPU work of about a tenth of
a second: the bot runs it in a worker thread, one chart at a time.
"""

from __future__ import annotations

import functools
import io
import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from retrieval.answering.timeline import Timeline

log = logging.getLogger(__name__)

SYSTEM_CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-VF.otf.ttc"),
)
WIDTH_INCHES, HEIGHT_INCHES, DPI = 9.0, 4.5, 100
_DRAWING = threading.Lock()


@dataclass(frozen=True, slots=True)
class Chart:
    """A drawn chart: the PNG and what it shows (so tests and callers need not read pixels)."""

    png: bytes
    bars: int
    width: int
    height: int


@functools.cache
def cjk_font() -> Path | None:
    """A font file with Chinese glyphs, or None (then matplotlib's default font is used)."""
    try:
        from importlib.resources import files

        packaged = Path(str(files("manimgx_fonts_cjk") / "NotoSansCJK-VF.otf.ttc"))
        if packaged.is_file():
            return packaged
    except ModuleNotFoundError:
        pass
    for path in SYSTEM_CJK_FONTS:
        if path.is_file():
            return path
    log.warning(
        "no CJK font (pip install manimgx-fonts-cjk or apt install fonts-noto-cjk): chart labels may show as boxes"
    )
    return None


def month_label(month: str) -> str:
    """'2024-05' -> '2024年5月'."""
    year, number = month.split("-")
    return f"{year}年{int(number)}月"


def timeline_chart(data: Timeline) -> Chart:
    """One bar per month from the first statement to the last (empty months included)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import MaxNLocator

    months = data.counts.months
    font_path = cjk_font()
    font = FontProperties(fname=str(font_path)) if font_path else FontProperties()
    with _DRAWING:
        figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
        canvas = FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        positions = list(range(len(months)))
        axes.bar(positions, [count for _, count in months], color="#2f6db5", width=0.8)
        step = max(1, (len(months) + 11) // 12)  # at most about 12 month labels
        axes.set_xticks(
            positions[::step], [month_label(m) for m, _ in months[::step]], fontproperties=font, rotation=45, ha="right"
        )
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel("段话", fontproperties=font)
        title = data.name + (f" · {data.topic}" if data.topic else "") + " · 每月说法"
        axes.set_title(title, fontproperties=font)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        buffer = io.BytesIO()
        canvas.print_png(buffer)
        width, height = (int(v) for v in canvas.get_width_height())
    return Chart(buffer.getvalue(), len(months), width, height)
