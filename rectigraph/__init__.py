"""rectigraph: read inspection-rectification reports (巡视/巡察整改情况通报) at scale."""

__version__ = "0.1.0"
