"""triggerpoint: trigger point massage therapy for chronic pain care."""

__version__ = "0.1.0"
