"""How a record's information credibility is derived from its sources: the rules, once.

The publish step turns them into SQL (``case_expression``); the README and the codebook print
them (``rules_markdown``), so what the documentation says is what the build does.

Counts are of independent sources: sources are grouped by origin (the outlet whose item it is:
a re-report counts under the outlet it repeats), and each origin counts once, at the best
reliability among its items. A citation of the record as a whole is support; a disagreement
with stance ``contradicts`` is contradiction; a ``qualifies`` disagreement counts as neither.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    credibility: str  # Admiralty 1-6
    label: str  # the grade's name, e.g. "confirmed"
    condition: str  # SQL over the counts below
    text: str  # when it applies, in words, for the README and the codebook

    @property
    def name(self) -> str:
        return f"{self.credibility} {self.label}"


# The counts each rule may use, with what they mean (the columns of record_credibility).
COUNTS = {
    "supporting_sources": "independent sources that support the record (any rating)",
    "supporting_a_b": "of them, rated A or B",
    "supporting_a_c": "of them, rated A, B or C",
    "contradicting_a_b": "independent sources rated A or B that contradict a field of it",
    "contradicting_a_c": "independent sources rated A, B or C that contradict a field of it",
}

# In order: the first rule whose condition holds gives the credibility.
RULES = (
    Rule(
        "1",
        "confirmed",
        "supporting_a_b >= 2 AND contradicting_a_c = 0",
        "two or more independent sources rated A or B support it, and no "
        "source rated A to C contradicts it.",
    ),
    Rule(
        "5",
        "improbable",
        "contradicting_a_b >= 1 AND supporting_a_c = 0",
        "a source rated A or B contradicts it, and no source rated A to C supports it.",
    ),
    Rule(
        "2",
        "probably true",
        "supporting_a_b >= 1 AND contradicting_a_b = 0",
        "an independent source rated A or B supports it and none rated A "
        "or B contradicts it (two such sources with a contradiction rated C also land here).",
    ),
    Rule(
        "3",
        "possibly true",
        "supporting_a_c > contradicting_a_b",
        "more independent sources rated A to C support it than sources "
        "rated A or B contradict it (for example one source rated C and no contradiction).",
    ),
    Rule(
        "4",
        "doubtful",
        "supporting_a_c >= 1",
        "sources rated A to C support it, but as many sources rated A or B contradict it.",
    ),
    Rule(
        "6",
        "cannot be judged",
        "1 = 1",
        "no source rated A to C supports it (only sources rated D to F, "
        "such as an unassessed commentary, or none).",
    ),
)

OVERRIDE_TEXT = (
    "A curator may override the result on a citation (`credibility` with a "
    "`credibility_reason`); the record then takes the most cautious override (the highest "
    "number), and `record_credibility.basis` quotes the reason."
)


def case_expression() -> str:
    """SQL giving the derived credibility from the COUNTS columns, rule by rule."""
    whens = "\n".join(f"WHEN {rule.condition} THEN '{rule.credibility}'" for rule in RULES)
    return f"CASE\n{whens}\nEND"


def basis_expression() -> str:
    """SQL naming the rule that applied (its number in RULES and its credibility)."""
    whens = "\n".join(
        f"WHEN {rule.condition} THEN '{rule.name} (rule {index})'"
        for index, rule in enumerate(RULES, 1)
    )
    return f"CASE\n{whens}\nEND"


def rules_markdown() -> str:
    """The rules as a numbered Markdown list, then how an override works."""
    lines = [f"{index}. **{rule.name}**: {rule.text}" for index, rule in enumerate(RULES, 1)]
    return "\n".join(lines) + "\n\n" + OVERRIDE_TEXT
