"""Persistence: what crepitus keeps on this machine."""
