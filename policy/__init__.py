"""Policy: what-if simulation of rule set changes, regional capacity, plots of their effect.

Pure domain code (no HTTP, no database): the service's rule set workflow calls it.
"""
