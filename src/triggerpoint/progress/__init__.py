"""Is it working? Pure computations over the diary and the self-care log for charts and reports."""
