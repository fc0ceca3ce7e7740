"""indopac: build, check, publish and serve the dataset."""

__version__ = "0.1.0"
