"""The essay stage: an ingested witness through the essay passes (notes, citations, names), with its apparatus."""
