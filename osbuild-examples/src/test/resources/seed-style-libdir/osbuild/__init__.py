"""The few helpers the test's seed-style steps import from their libdir."""
import json
import sys


def arguments():
    """The stage protocol's request: {"tree": ..., "options": {...}} (+ "output_dir")."""
    return json.load(sys.stdin)
