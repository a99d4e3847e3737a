"""{{ clause|clause_label }} and {{ clause|clause_label:"policy" }}: one readable label everywhere."""

from django import template

from policies.labels import clause_label as _label

register = template.Library()


@register.filter
def clause_label(clause, with_policy: str = "") -> str:
    """A clause (model or match dict with number/heading) as people read it, optionally with its policy."""
    if clause is None:
        return ""
    get = clause.get if isinstance(clause, dict) else (lambda k, d=None: getattr(clause, k, d))
    label = _label(get("number"), get("heading") or get("title")) or ""
    if with_policy:
        policy = get("policy")
        title = policy.get("title") if isinstance(policy, dict) else getattr(policy, "title", "")
        if title:
            return f"《{title}》{label}"
    return label
