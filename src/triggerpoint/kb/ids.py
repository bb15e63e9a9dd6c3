"""Valid knowledge-base IDs as JSON Schema enums, filled in when the API document is built.

Used as `json_schema_extra` on API fields, so the OpenAPI document tells clients (and
schemathesis) every region, symptom or question ID it takes. The knowledge base is read
when the document is made, never at import; the services still check each ID themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from triggerpoint.kb.loader import load_kb

Kind = Literal["region", "symptom", "activity", "condition", "question", "precaution", "muscle", "point"]


def known_ids(kind: Kind) -> list[str]:
    """Every ID of one kind in the shipped knowledge base."""
    kb = load_kb()
    lists: dict[str, Callable[[], list[str]]] = {
        "region": lambda: [r.id for r in kb.regions],
        "symptom": lambda: [t.id for t in kb.vocabularies.symptoms],
        "activity": lambda: [t.id for t in kb.vocabularies.activities],
        "condition": lambda: kb.condition_ids,
        "question": lambda: [q.id for q in kb.screening],
        "precaution": lambda: [p.id for p in kb.precautions],
        "muscle": lambda: [m.id for m in kb.muscles],
        "point": lambda: sorted({p.id for m in kb.muscles for p in m.trigger_points}),
    }
    return lists[kind]()


def _restrict(schema: dict[str, Any], ids: list[str]) -> None:
    if "anyOf" in schema:
        for branch in schema["anyOf"]:
            if branch.get("type") != "null":
                _restrict(branch, ids)
        return
    kind = schema.get("type")
    if kind == "array":
        schema["items"] = {**schema.get("items", {}), "enum": ids}
    elif kind == "object":
        schema["propertyNames"] = {"enum": ids}
    else:
        schema["enum"] = ids


def ids_of(kind: Kind) -> Callable[[dict[str, Any]], None]:
    """A `json_schema_extra` that restricts a field (a string, a list of them, or a map's keys) to valid IDs."""
    return lambda schema: _restrict(schema, known_ids(kind))
