"""Build-time checks that keep translations honest (placeholder parity, ...)."""
