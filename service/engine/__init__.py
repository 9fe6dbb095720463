"""The one bridge between rows and the matcher: translation, enrichment on save, pools, warm-up, training."""
