"""The clinic audit trail: one append-only, hash-chained event per access, change, sign-in and refusal."""
