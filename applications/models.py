"""Applications for clauses and their review; see applications/workflow.py."""
