"""The knowledge base: muscles, trigger points, referral maps, regions, conditions and sources."""

from triggerpoint.kb.loader import KnowledgeBaseError, load_from, load_kb
from triggerpoint.kb.model import KnowledgeBase, Tier, UnknownIdError

__all__ = ["KnowledgeBase", "KnowledgeBaseError", "Tier", "UnknownIdError", "load_from", "load_kb"]
