"""Render report HTML to PDF with WeasyPrint (no network is touched)."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    """A PDF of a self-contained HTML document."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, base_url=None).write_pdf()
    return pdf
