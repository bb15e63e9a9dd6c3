"""The finder learning from a clinic's confirmed findings: each clinic's choice (textbook, its own, pooled),
its evidence, and the pooled counts of the clinics that share theirs."""
