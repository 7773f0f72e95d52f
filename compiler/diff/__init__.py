"""``dpc diff``: what a change does to DataOS, compiled from both revisions and compared resource by resource."""
