"""What describes the published data, generated from the models and the publish step's
catalogue: Datasette's metadata.yml, the Frictionless data package, CODEBOOK.md, the README's
generated blocks and the manifest of what a build publishes (docs/published.sha256).

``generated`` writes or checks them all (``indopac docs --write`` / ``--check``).
"""
