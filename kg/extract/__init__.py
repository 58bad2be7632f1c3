"""Pipeline stages: each fills one layer of a :class:`kg.model.Doc`."""
