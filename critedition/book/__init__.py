"""The book stage: essays assembled with front and back matter and publication metadata, then cited."""
