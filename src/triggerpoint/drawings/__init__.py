"""Pain drawings from the body map: where it hurts, the red-flag screen asked with it, the suggestions shown."""
