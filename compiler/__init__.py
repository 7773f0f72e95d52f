"""dpc: the DataOS data product compiler."""

__version__ = "0.1.0"
