"""Reports: progress charts (SVG), the progress page's data, PDF reports for the person and their doctor."""
