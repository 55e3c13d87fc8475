"""Form engine: XLSForm/XForm in, ODK semantics inside (Qt-free)."""
