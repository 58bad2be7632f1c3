"""Matchers the stages call: regions, officials, terms, figures and their discourse."""
