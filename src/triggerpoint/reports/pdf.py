"""Render report HTML to PDF with WeasyPrint (charts are inline SVG; no network is touched)."""

from __future__ import annotations

import logging

# WeasyPrint logs every SVG presentation property it reads from matplotlib's style attributes
# as an "unknown CSS property"; the SVG renderer applies them all the same.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def html_to_pdf(html: str) -> bytes:
    """A PDF of a self-contained HTML document."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
