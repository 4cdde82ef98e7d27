"""The 校对单 as text: warnings after the check's errors, with counts per class."""

from __future__ import annotations

from typing import TextIO

from ..core.messages import render
from .finding import kind_label
from .site import Report


def counts_line(report: Report) -> str:
    counts = [render("report.proof_count", kind=kind_label(k), n=n) for k, n in report.counts().items()]
    return render("proof.counts", counts="、".join(counts)) + render("proof.took", chars=report.chars, seconds=f"{report.seconds:.2f}")


def print_report(report: Report, out: TextIO) -> None:
    """Errors the house made of some classes first, then the other warnings, then the counts."""
    if not report.warnings:
        print(render("proof.none", chars=report.chars, seconds=f"{report.seconds:.2f}"), file=out)
        return
    errors, warnings = report.errors, [w for w in report.warnings if not w.error]
    for head, items in (("proof.head_errors", errors), ("proof.head", warnings)):
        if items:
            print(render(head, n=len(items)), file=out)
            for w in items:
                print("  " + str(w), file=out)
    print(counts_line(report), file=out)
