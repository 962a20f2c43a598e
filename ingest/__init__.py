"""handbook-ingest: insurers' health-service handbooks → an evidence-carrying service catalog."""

__version__ = "0.1.0"
