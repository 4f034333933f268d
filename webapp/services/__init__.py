"""The domain: every write and every rule. Services flush; the edge (view, CLI) commits once."""
