"""All writes to tickets: `check_…` raises when the actor may not, `do_…` does it."""
