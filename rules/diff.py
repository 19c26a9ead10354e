"""The semantic difference between two rule sets, in words (German by default, or English).

Not a text diff of the YAML: both sides are checked, typed :class:`~rules.language.RuleSet`
objects, and the difference is told in the terms a policy user reads — a parameter with its
label, value before → after and unit; a criterion, blocker, action, flag or tier added, removed
or changed, its condition in words and, where two conditions differ in a list of values or a
threshold, exactly that ("jetzt auch: Drogenhandel"); points; the order of the tiers; the queue
order; derived facts. Reordering rules in the file, comments and formatting change nothing.

``diff(a, b)`` gives a :class:`RulesetDiff`; ``.to_dict()`` is the JSON of the API and
``render_text()`` the lines of ``triage rules diff``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rules.labels import label, phrase
from rules.language import (
    AggregateFact,
    All,
    AnyOf,
    Compare,
    Condition,
    Fact,
    FieldRef,
    ModelFeature,
    ParamRef,
    Rule,
    RuleSet,
    Text,
    Tier,
    Within,
)
from rules.vocabulary import CASE_FIELDS
from rules.wording import (
    condition_words,
    fact_words,
    field_spec,
    parameter_label,
    parameter_value,
    rule_title,
    subject_words,
    value_label,
)
from texts import plural

Section = Literal[
    "ruleset",
    "parameter",
    "fact",
    "criterion",
    "blocker",
    "action",
    "flag",
    "tier",
    "ordering",
    "model",
    "model_excluded",
]
Kind = Literal["added", "removed", "changed"]
SECTIONS: tuple[Section, ...] = (
    "ruleset",
    "parameter",
    "criterion",
    "blocker",
    "action",
    "flag",
    "tier",
    "ordering",
    "fact",
    "model",
    "model_excluded",
)


def d(key: str, lang: str, /, **values: Any) -> str:
    return phrase("diff", key, lang, **values)


@dataclass(frozen=True)
class Change:
    """One thing that differs: what (section, id, label), how (kind) and the details in words."""

    section: Section
    id: str | None
    kind: Kind
    label: str
    details: tuple[str, ...] = ()

    def text(self, lang: str = "de") -> str:
        if self.id is None and self.section != "ruleset":  # the order of tiers or of the queue
            head = d("changed_plain", lang, label=self.label)
        else:
            what = d(f"section_{self.section}", lang)
            head = d(self.kind, lang, what=what, label=self.label)
        return head + ("" if not self.details else ": " + "; ".join(self.details))

    def to_dict(self, lang: str = "de") -> dict[str, Any]:
        return {
            "section": self.section,
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "details": list(self.details),
            "text": self.text(lang),
        }


@dataclass(frozen=True)
class RulesetDiff:
    """Every change from ``before`` to ``after``, in the order of :data:`SECTIONS`."""

    before: str
    after: str
    lang: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not self.changes

    def summary(self) -> str:
        if self.empty:
            return d("no_changes", self.lang, before=self.before, after=self.after)
        return plural(
            "authoring.diff.summary",
            len(self.changes),
            self.lang,
            before=self.before,
            after=self.after,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "lang": self.lang,
            "identical": self.empty,
            "summary": self.summary(),
            "changes": [change.to_dict(self.lang) for change in self.changes],
        }

    def render_text(self) -> str:
        lines = [self.summary()]
        lines += [f"  - {change.text(self.lang)}" for change in self.changes]
        return "\n".join(lines) + "\n"


def diff(
    before: RuleSet,
    after: RuleSet,
    lang: str = "de",
    *,
    before_label: str | None = None,
    after_label: str | None = None,
) -> RulesetDiff:
    """The semantic difference from ``before`` to ``after`` (labels of both sides).

    ``before_label``/``after_label`` name a side otherwise (e.g. the file it was read from:
    a draft file carries the name and version of the rule set it changes).
    """
    ctx = _Context(before, after, lang)
    changes = [
        *ctx.ruleset_changes(),
        *ctx.parameter_changes(),
        *ctx.rule_changes("criterion", before.criteria, after.criteria),
        *ctx.rule_changes("blocker", before.blockers, after.blockers),
        *ctx.rule_changes("action", before.actions, after.actions),
        *ctx.flag_changes(),
        *ctx.tier_changes(),
        *ctx.ordering_changes(),
        *ctx.use_changes(),
        *ctx.fact_changes(),
        *ctx.model_changes(),
    ]
    return RulesetDiff(
        before_label or before.label, after_label or after.label, lang, tuple(changes)
    )


@dataclass(frozen=True)
class _Context:
    a: RuleSet
    b: RuleSet
    lang: str

    # ------------------------------------------------------------------ helpers

    def words(self, ruleset: RuleSet, cond: Condition) -> str:
        return condition_words(ruleset, cond, self.lang)

    def text_change(self, key: str, old: Text | None, new: Text | None) -> list[str]:
        old_text = old.get(self.lang) if old else ""
        new_text = new.get(self.lang) if new else ""
        if old_text == new_text:
            return []
        return [d(key, self.lang, before=old_text or "–", after=new_text or "–")]

    def condition_change(self, old: Condition, new: Condition) -> list[str]:
        """What changed in a condition: specific notes where the trees pair up, else both."""
        if old == new:
            # Same tree, but a parameter it reads may have another value: that is told with
            # the parameter itself, so nothing more here.
            return []
        notes = list(self._paired_notes(old, new))
        if notes:
            return notes
        return [
            d(
                "condition",
                self.lang,
                before=self.words(self.a, old),
                after=self.words(self.b, new),
            )
        ]

    def _paired_notes(self, old: Condition, new: Condition) -> Iterator[str]:
        """Notes for two conditions of the same shape whose parts differ one by one.

        ``all``/``any`` lists are matched item by item: equal items drop out, comparisons of the
        same subject pair up (a threshold, a list of values, a window), the rest is "neu" or
        "entfällt". Anything else yields nothing (the caller shows before and after).
        """
        if isinstance(old, Compare) and isinstance(new, Compare):
            note = self._compare_note(old, new)
            if note:
                yield note
            return
        if isinstance(old, Within) and isinstance(new, Within) and old.field == new.field:
            yield d(
                "window",
                self.lang,
                subject=subject_words(self.b, new.field, self.lang),
                before=self.a.value(old.months),
                after=self.b.value(new.months),
            )
            return
        if not (
            (isinstance(old, All) and isinstance(new, All))
            or (isinstance(old, AnyOf) and isinstance(new, AnyOf))
        ):
            return
        removed = [item for item in old.items if item not in new.items]
        added = [item for item in new.items if item not in old.items]
        for item in list(removed):
            partner = next((n for n in added if _same_subject(item, n)), None)
            if partner is None:
                continue
            notes = list(self._paired_notes(item, partner))
            if not notes:
                continue
            yield from notes
            removed.remove(item)
            added.remove(partner)
        join = "condition_added_all" if isinstance(new, All) else "condition_added_any"
        for item in added:
            yield d(join, self.lang, text=self.words(self.b, item))
        for item in removed:
            yield d("condition_removed", self.lang, text=self.words(self.a, item))

    def _compare_note(self, old: Compare, new: Compare) -> str | None:
        if not _same_subject(old, new):
            return None
        subject = subject_words(self.b, new.subject, self.lang)
        spec = field_spec(new.subject) if isinstance(new.subject, FieldRef) else None
        if (
            old.op == new.op
            and old.op in ("in", "not_in")
            and not isinstance(old.operand, ParamRef)
            and not isinstance(new.operand, ParamRef)
        ):
            return self._set_note(subject, spec, old.op, set(old.operand), set(new.operand), new)
        return d(
            "compare",
            self.lang,
            before=self.words(self.a, old),
            after=self.words(self.b, new),
        )

    def _set_note(
        self,
        subject: str,
        spec: Any,
        op: str,
        old: set[Any],
        new: set[Any],
        cond: Compare,
    ) -> str:
        ordered = list(cond.operand)
        gained = [v for v in ordered if v not in old]
        lost = sorted(old - new, key=str)
        parts = []
        if gained:
            key = "now_also" if op == "in" else "now_excluded"
            parts.append(d(key, self.lang, values=value_label(spec, gained, self.lang)))
        if lost:
            key = "no_longer" if op == "in" else "no_longer_excluded"
            parts.append(d(key, self.lang, values=value_label(spec, lost, self.lang)))
        return f"{subject}: " + ", ".join(parts)

    # ------------------------------------------------------------------ sections

    def ruleset_changes(self) -> list[Change]:
        details = []
        if self.a.name != self.b.name:
            details.append(d("name", self.lang, before=self.a.name, after=self.b.name))
        details += self.text_change("description", self.a.description, self.b.description)
        if not details:
            return []
        return [Change("ruleset", None, "changed", self.b.name, tuple(details))]

    def parameter_changes(self) -> list[Change]:
        out = []
        for name, param in self.b.parameters.items():
            title = parameter_label(self.b, name, self.lang)
            if name not in self.a.parameters:
                value = parameter_value(self.b, name, self.b.values[name], self.lang)
                out.append(
                    Change("parameter", name, "added", title, (d("value", self.lang, value=value),))
                )
                continue
            old = self.a.parameters[name]
            details = []
            before, after = self.a.values.get(name), self.b.values.get(name)
            if param.type != old.type:
                details.append(d("type", self.lang, before=old.type, after=param.type))
            elif before != after:
                details.append(self._value_change(name, before, after))
            if (old.minimum, old.maximum) != (param.minimum, param.maximum):
                details.append(
                    d(
                        "range",
                        self.lang,
                        before=f"{old.minimum}–{old.maximum}",
                        after=f"{param.minimum}–{param.maximum}",
                    )
                )
            if old.unit != param.unit:
                details.append(
                    d(
                        "unit",
                        self.lang,
                        before=label("unit", old.unit, self.lang) if old.unit else "–",
                        after=label("unit", param.unit, self.lang) if param.unit else "–",
                    )
                )
            details += self.text_change("label", old.description, param.description)
            if details:
                out.append(Change("parameter", name, "changed", title, tuple(details)))
        for name in self.a.parameters:
            if name not in self.b.parameters:
                out.append(
                    Change("parameter", name, "removed", parameter_label(self.a, name, self.lang))
                )
        return out

    def _value_change(self, name: str, before: Any, after: Any) -> str:
        param = self.b.parameters[name]
        if param.type == "category_set":
            kind = {"offence_category": "category", "offence_status": "status"}.get(
                param.of or "", "type"
            )
            gained = [v for v in after if v not in before]
            lost = [v for v in before if v not in after]
            parts = []
            if gained:
                names = ", ".join(label(kind, v, self.lang) for v in gained)
                parts.append(d("now_also", self.lang, values=names))
            if lost:
                names = ", ".join(label(kind, v, self.lang) for v in lost)
                parts.append(d("no_longer", self.lang, values=names))
            return ", ".join(parts)
        return d(
            "before_after",
            self.lang,
            before=parameter_value(self.a, name, before, self.lang),
            after=parameter_value(self.b, name, after, self.lang),
        )

    def rule_changes(
        self, section: Section, old_rules: Sequence[Rule], new_rules: Sequence[Rule]
    ) -> list[Change]:
        old_by_id = {rule.id: rule for rule in old_rules}
        new_ids = {rule.id for rule in new_rules}
        out = []
        for rule in new_rules:
            title = rule.title.get(self.lang)
            old = old_by_id.get(rule.id)
            if old is None:
                details = [d("when", self.lang, text=self.words(self.b, rule.when))]
                if section == "criterion":
                    details.append(d("points", self.lang, value=rule.points))
                out.append(Change(section, rule.id, "added", title, tuple(details)))
                continue
            details = self.text_change("title", old.title, rule.title)
            details += self.text_change("rule_description", old.description, rule.description)
            if old.points != rule.points:
                details.append(d("points_changed", self.lang, before=old.points, after=rule.points))
            details += self.condition_change(old.when, rule.when)
            if (old.measure, old.measures) != (rule.measure, rule.measures):
                details.append(d("measure", self.lang))
            details += self.text_change("basis", old.basis, rule.basis)
            if old.evidence != rule.evidence:
                details.append(d("evidence", self.lang))
            if details:
                out.append(Change(section, rule.id, "changed", title, tuple(details)))
        for rule in old_rules:
            if rule.id not in new_ids:
                out.append(Change(section, rule.id, "removed", rule.title.get(self.lang)))
        return out

    def flag_changes(self) -> list[Change]:
        return self._named_conditions(
            "flag",
            {name: (flag.title, flag.when) for name, flag in self.a.flags.items()},
            {name: (flag.title, flag.when) for name, flag in self.b.flags.items()},
        )

    def _named_conditions(
        self,
        section: Section,
        old: dict[str, tuple[Text, Condition]],
        new: dict[str, tuple[Text, Condition]],
    ) -> list[Change]:
        out = []
        for name, (title, when) in new.items():
            if name not in old:
                details = (d("when", self.lang, text=self.words(self.b, when)),)
                out.append(Change(section, name, "added", title.get(self.lang), details))
                continue
            old_title, old_when = old[name]
            details_list = self.text_change("title", old_title, title)
            details_list += self.condition_change(old_when, when)
            if details_list:
                out.append(
                    Change(section, name, "changed", title.get(self.lang), tuple(details_list))
                )
        for name, (title, _) in old.items():
            if name not in new:
                out.append(Change(section, name, "removed", title.get(self.lang)))
        return out

    def tier_changes(self) -> list[Change]:
        out = self._tiers(self.a.tiers, self.b.tiers)
        common = [t for t in self.a.tier_ids if t in self.b.tier_ids]
        common_after = [t for t in self.b.tier_ids if t in self.a.tier_ids]
        if common != common_after:
            out.append(
                Change(
                    "tier",
                    None,
                    "changed",
                    d("tier_order", self.lang),
                    (
                        d(
                            "before_after",
                            self.lang,
                            before=self._tier_list(self.a),
                            after=self._tier_list(self.b),
                        ),
                    ),
                )
            )
        return out

    def _tier_list(self, ruleset: RuleSet) -> str:
        return " › ".join(t.label.get(self.lang) for t in ruleset.tiers)

    def _tiers(self, old: Sequence[Tier], new: Sequence[Tier]) -> list[Change]:
        out = []
        old_by_id = {t.id: t for t in old}
        for tier in new:
            previous = old_by_id.get(tier.id)
            if previous is None:
                position = d("position", self.lang, n=list(new).index(tier) + 1)
                details = (position, d("when", self.lang, text=self.words(self.b, tier.when)))
                out.append(Change("tier", tier.id, "added", tier.label.get(self.lang), details))
                continue
            details_list = self.text_change("title", previous.label, tier.label)
            details_list += self.condition_change(previous.when, tier.when)
            details_list += self.text_change("reason", previous.reason, tier.reason)
            if details_list:
                out.append(
                    Change(
                        "tier", tier.id, "changed", tier.label.get(self.lang), tuple(details_list)
                    )
                )
        new_ids = {t.id for t in new}
        for tier in old:
            if tier.id not in new_ids:
                out.append(Change("tier", tier.id, "removed", tier.label.get(self.lang)))
        return out

    def ordering_changes(self) -> list[Change]:
        if self.a.ordering == self.b.ordering:
            return []
        return [
            Change(
                "ordering",
                None,
                "changed",
                d("queue_order", self.lang),
                (
                    d(
                        "before_after",
                        self.lang,
                        before=self._order(self.a),
                        after=self._order(self.b),
                    ),
                ),
            )
        ]

    def use_changes(self) -> list[Change]:
        """What generic code reads off the rule set: its ``queue`` and ``counterfactuals``."""
        uses = (
            ("priority_tiers", self._priority),
            ("latest_event", self._latest_event),
            ("counterfactual_fields", self._counterfactual_fields),
        )
        out = []
        for key, words in uses:
            before, after = words(self.a), words(self.b)
            if before != after:
                details = (d("before_after", self.lang, before=before, after=after),)
                out.append(Change("ordering", None, "changed", d(key, self.lang), details))
        return out

    def _priority(self, ruleset: RuleSet) -> str:
        tiers = {t.id: t for t in ruleset.tiers}
        names = [tiers[t].label.get(self.lang) for t in ruleset.queue.priority if t in tiers]
        return ", ".join(names) or d("none", self.lang)

    def _latest_event(self, ruleset: RuleSet) -> str:
        fact = ruleset.queue.latest_event
        if fact is None:
            return d("none", self.lang)
        return ruleset.facts[fact].description.get(self.lang) if fact in ruleset.facts else fact

    def _counterfactual_fields(self, ruleset: RuleSet) -> str:
        names = [label("field", f, self.lang) for f in ruleset.counterfactuals.fields]
        return ", ".join(names) or d("none", self.lang)

    def _order(self, ruleset: RuleSet) -> str:
        parts = []
        for key in ruleset.ordering:
            if key.by in ("tier", "score", "case_id"):
                what = d(f"order_{key.by}", self.lang)
            elif key.by in ruleset.facts:
                what = ruleset.facts[key.by].description.get(self.lang)
            else:
                what = label("field", key.by, self.lang)
            parts.append(f"{what} {d('order_' + key.direction, self.lang)}")
        return ", ".join(parts)

    def fact_changes(self) -> list[Change]:
        out = []
        for name, fact in self.b.facts.items():
            title = fact.description.get(self.lang)
            old = self.a.facts.get(name)
            if old is None:
                details = (fact_words(self.b, fact, self.lang),)
                out.append(Change("fact", name, "added", title, details))
                continue
            details_list = self.text_change("title", old.description, fact.description)
            details_list += self._fact_definition(old, fact)
            if details_list:
                out.append(Change("fact", name, "changed", title, tuple(details_list)))
        for name, fact in self.a.facts.items():
            if name not in self.b.facts:
                out.append(Change("fact", name, "removed", fact.description.get(self.lang)))
        return out

    def _fact_definition(self, old: Fact, new: Fact) -> list[str]:
        if _definition(old) == _definition(new):
            return []
        if (
            isinstance(old, AggregateFact)
            and isinstance(new, AggregateFact)
            and (old.over, old.aggregate, old.field) == (new.over, new.aggregate, new.field)
        ):
            return self.condition_change(old.where, new.where)
        return [
            d(
                "definition",
                self.lang,
                before=fact_words(self.a, old, self.lang),
                after=fact_words(self.b, new, self.lang),
            )
        ]

    # ------------------------------------------------------------------ the points model

    def model_changes(self) -> list[Change]:
        """The ``model:`` section: inputs (source, direction, bins, column), exclusions, demo."""
        old_model, new_model = self.a.model, self.b.model
        out: list[Change] = []
        old_features = {f.name: (i, f) for i, f in enumerate(old_model.features)}
        new_features = {f.name: (i, f) for i, f in enumerate(new_model.features)}
        for name, (position, feature) in new_features.items():
            title = feature.title.get(self.lang)
            if name not in old_features:
                details = (*self._feature_words(self.b, feature), self._column(position))
                out.append(Change("model", name, "added", title, details))
                continue
            old_position, old = old_features[name]
            notes = self._feature_change(old, feature)
            if old_position != position:
                notes.append(
                    d(
                        "before_after",
                        self.lang,
                        before=self._column(old_position),
                        after=self._column(position),
                    )
                )
            if notes:
                out.append(Change("model", name, "changed", title, tuple(notes)))
        for name, (_, feature) in old_features.items():
            if name not in new_features:
                out.append(Change("model", name, "removed", feature.title.get(self.lang)))
        old_excluded, new_excluded = dict(old_model.excluded), dict(new_model.excluded)
        for name, why in new_excluded.items():
            what = self._excluded_label(self.b, name)
            reason = why.get(self.lang)
            if name not in old_excluded:
                out.append(Change("model_excluded", name, "added", what, (reason,)))
            elif old_excluded[name] != why:
                before = old_excluded[name].get(self.lang)
                details = (d("before_after", self.lang, before=before, after=reason),)
                out.append(Change("model_excluded", name, "changed", what, details))
        for name in old_excluded:
            if name not in new_excluded:
                what = self._excluded_label(self.a, name)
                out.append(Change("model_excluded", name, "removed", what))
        if old_model.simulation != new_model.simulation:
            out.append(Change("model", None, "changed", d("model_simulation", self.lang)))
        return out

    def _column(self, position: int) -> str:
        return d("model_column", self.lang, n=position + 1)

    def _feature_words(self, ruleset: RuleSet, feature: ModelFeature) -> list[str]:
        words = [
            d("model_source", self.lang, source=self._source(ruleset, feature)),
            d(f"model_monotone_{feature.monotone}".replace("-", "minus_"), self.lang),
            d("model_cuts", self.lang, cuts=self._cuts(ruleset, feature)),
        ]
        if feature.levels:
            words.append(d("model_levels", self.lang, levels=self._levels(feature)))
        return words

    def _feature_change(self, old: ModelFeature, new: ModelFeature) -> list[str]:
        notes = []
        pairs = (
            (self._source(self.a, old), self._source(self.b, new), "model_source_change"),
            (
                d(f"model_monotone_{old.monotone}".replace("-", "minus_"), self.lang),
                d(f"model_monotone_{new.monotone}".replace("-", "minus_"), self.lang),
                "model_monotone_change",
            ),
            (
                self._cuts(self.a, old, values=False),
                self._cuts(self.b, new, values=False),
                "model_cuts_change",
            ),
            (self._levels(old), self._levels(new), "model_levels_change"),
        )
        for before, after, key in pairs:
            if before != after:
                notes.append(d(key, self.lang, before=before, after=after))
        if old.title != new.title:
            notes.append(
                d(
                    "model_title_change",
                    self.lang,
                    before=old.title.get(self.lang),
                    after=new.title.get(self.lang),
                )
            )
        return notes

    def _source(self, ruleset: RuleSet, feature: ModelFeature) -> str:
        if feature.kind == "fact" and feature.source in ruleset.facts:
            what = ruleset.facts[feature.source].description.get(self.lang)
        elif feature.kind in ("criterion", "blocker"):
            what = rule_title(ruleset, feature.source, self.lang)
        else:
            what = label("field", feature.source, self.lang)
        return d(f"model_kind_{feature.kind}", self.lang, what=what)

    def _cuts(self, ruleset: RuleSet, feature: ModelFeature, values: bool = True) -> str:
        """The bin edges in words; a parameter's current value only with ``values``.

        A changed parameter is a change of its own: it does not repeat as a change of the
        edges that refer to it.
        """
        parts = []
        for cut in feature.cuts:
            if not isinstance(cut, tuple):
                parts.append(_number(cut, self.lang))
                continue
            name, factor = cut
            words = {"param": parameter_label(ruleset, name, self.lang)}
            key = "model_cut_param" if factor != 1 else "model_cut_param_plain"
            if factor != 1:
                words["factor"] = _number(factor, self.lang)
            if values:
                value = ruleset.values.get(name)
                number = value * factor if isinstance(value, int | float) else None
                words["value"] = "?" if number is None else _number(number, self.lang)
            else:
                key += "_ref"
            parts.append(d(key, self.lang, **words))
        return ", ".join(parts) or d("none", self.lang)

    def _levels(self, feature: ModelFeature) -> str:
        spec = CASE_FIELDS.get(feature.source)
        return ", ".join(
            f"{value_label(spec, value, self.lang)} = {number}" for value, number in feature.levels
        )

    def _excluded_label(self, ruleset: RuleSet, name: str) -> str:
        if name in ruleset.facts:
            return ruleset.facts[name].description.get(self.lang)
        title = rule_title(ruleset, name, self.lang)
        if title != name:
            return title
        return label("field", name, self.lang)


def _number(value: float, lang: str) -> str:
    if float(value).is_integer():
        return str(int(value))
    return str(value).replace(".", ",") if lang == "de" else str(value)


def _definition(fact: Fact) -> tuple[Any, ...]:
    """A fact without its description: what it computes."""
    values = vars(fact).copy()
    values.pop("description", None)
    return (type(fact).__name__, *sorted(values.items(), key=lambda item: item[0]))


def _same_subject(old: Condition, new: Condition) -> bool:
    if isinstance(old, Compare) and isinstance(new, Compare):
        return old.subject == new.subject
    if isinstance(old, Within) and isinstance(new, Within):
        return old.field == new.field
    return False
