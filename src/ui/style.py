"""Application-wide look (外观): calm, legible, the same on every counter PC.

Why a style sheet and not per-widget styling: pages stay free of colours and sizes, and
the navigation reads like a menu a front desk uses all day (large targets, clear selection).
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

ACCENT = "#1f5fa8"

STYLE_SHEET = f"""
QListWidget#navigation {{
    background: #f4f6f9;
    border: none;
    border-right: 1px solid #d5dae1;
    padding-top: 8px;
    outline: 0;
}}
QListWidget#navigation::item {{
    padding: 10px 10px;
    margin: 1px 4px;
    border-radius: 4px;
    color: #2b2f36;
}}
QListWidget#navigation::item:hover {{
    background: #e4e9f0;
}}
QListWidget#navigation::item:selected {{
    background: {ACCENT};
    color: white;
}}
QLabel#placeholderLabel {{
    color: #6b7280;
}}
QStatusBar QLabel#currentUser {{
    padding: 0 8px;
}}
"""


def apply(app: QApplication) -> None:
    app.setStyleSheet(STYLE_SHEET)
