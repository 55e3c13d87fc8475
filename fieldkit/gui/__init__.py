"""The desktop app: PySide6 views over fieldkit's Qt-free services."""
