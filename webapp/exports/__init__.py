"""One presenter per export format; all of them stream rows from ``rows.iter_claim_rows``."""
