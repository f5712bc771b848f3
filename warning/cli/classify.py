"""`tbtwatch classify`: classify stored notices, one text, rebuild the model, evaluate a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from models.assess import BACKENDS, Assessment, assess_embedded, assess_with
from models.backends.base import BackendError, TextBackend
from models.classifier import Result
from models.document import Document
from models.records import LabelledDocument, RecordFormatError, check_labels, read_jsonl
from models.taxonomy import FALLBACK, Taxonomy, TaxonomyError
from warning.cli.context import App, echo_json, handle_schema_errors, pass_app
from warning.core.classify import (
    classify_notices,
    load_classifier,
    model_root,
    reviewer_labels,
    taxonomy_of,
    train_model,
)


@click.group(invoke_without_command=True)
@click.option("--all", "everything", is_flag=True, help="Reclassify every notice.")
@pass_app
@click.pass_context
@handle_schema_errors
def classify(ctx: click.Context, app: App, everything: bool) -> None:
    """Classify pending notices (those never classified or changed since)."""
    if ctx.invoked_subcommand is not None:
        return
    with app.ready_db().sessions() as session:
        classifier = _loaded(lambda: load_classifier(app.settings, session))
        stats = classify_notices(session, classifier, everything=everything)
        session.commit()
    click.echo(
        f"classified {stats.classified} notices ({stats.by_model} by "
        f"{stats.model_version}, {stats.inherited} inherited from their measure, "
        f"{stats.abstained} left as OT99 for review)"
    )


def _loaded(make: Any) -> Any:
    try:
        return make()
    except (TaxonomyError, RecordFormatError, BackendError) as exc:
        raise click.ClickException(str(exc)) from None


def _describe(taxonomy: Taxonomy, result: Result) -> list[dict[str, Any]]:
    out = []
    for decision in result.decisions:
        category = taxonomy.get(decision.category)
        out.append(
            {
                "category": decision.category,
                "name_en": category.name_en,
                "name_zh": category.name_zh,
                "score": decision.score,
                "method": decision.method,
                "needs_review": decision.needs_review,
                "evidence": decision.evidence,
            }
        )
    return out


@classify.command("text")
@click.argument("text")
@click.option("--lang", help="ISO 639-1 language of the text (guessed when not given).")
@click.option("--hs", "hs_codes", multiple=True, help="An HS code of the products (repeatable).")
@click.option("--ics", "ics_codes", multiple=True, help="An ICS code (repeatable).")
@click.option("--domain", type=click.Choice(["TBT", "SPS", "regulation", "alert"]))
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@pass_app
def text_command(
    app: App,
    text: str,
    lang: str | None,
    hs_codes: tuple[str, ...],
    ics_codes: tuple[str, ...],
    domain: str | None,
    as_json: bool,
) -> None:
    """Classify TEXT and show categories, scores and evidence."""
    classifier = _loaded(lambda: load_classifier(app.settings))
    document = Document(
        title=text, hs_codes=hs_codes, ics_codes=ics_codes, language=lang, domain=domain
    )
    [result] = classifier.classify([document])
    decisions = _describe(classifier.taxonomy, result)
    if as_json:
        echo_json(
            {
                "labels": result.labels,
                "decisions": decisions,
                "model_version": classifier.model_version,
                "codes": {
                    "hs": list(result.codes.hs),
                    "ics": list(result.codes.ics),
                    "rejected": list(result.codes.rejected),
                },
            }
        )
        return
    for d in decisions:
        review = "  (needs review)" if d["needs_review"] else ""
        click.echo(
            f"{d['category']}  {d['score']:.2f}  {d['method']:<8} "
            f"{d['name_en']} / {d['name_zh']}{review}"
        )
        evidence = d["evidence"]
        for code in evidence.get("codes", []):
            click.echo(
                f"    code {code['system']} {code['code']} → prefix {code['prefix']} "
                f"({code['strength']}) {code['title'][:60]}"
            )
        if evidence.get("words"):
            click.echo(f"    words: {', '.join(evidence['words'])}")
        for lost in evidence.get("overruled_codes", []):
            click.echo(f"    overruled: {lost['system']} {lost['code']} → {lost['category']}")
    if result.codes.rejected:
        click.echo(f"    not codes: {', '.join(result.codes.rejected)}")
    click.echo(f"model: {classifier.model_version}")


@classify.command("train")
@pass_app
@handle_schema_errors
def train_command(app: App) -> None:
    """Rebuild the embedded model with the reviewers' decisions and make it current."""
    with app.ready_db().sessions() as session:
        stats = _loaded(lambda: train_model(app.settings, session))
        session.commit()
    how = "trained" if stats["trained"] else "already built from the same data; made current"
    click.echo(
        f"embedded model {stats['version']}: {how} ({stats['labelled']} shipped labelled "
        f"notices, {stats['reviewer_labels']} reviewer decisions)"
    )


def _reviewer(app: App) -> list[LabelledDocument]:
    """Reviewer decisions are training data too, when a database is there to read them from."""
    database = app.db
    if database.url.startswith("sqlite") and not Path(database.engine.url.database or "").exists():
        click.echo("note: no database yet; evaluating without reviewer decisions", err=True)
        return []
    with app.ready_db().sessions() as session:
        return reviewer_labels(session)


def _transformers(taxonomy: Taxonomy, app: App) -> TextBackend:
    try:
        from models.backends import transformers_backend as tb
    except ImportError as exc:  # the module or its imports are missing from this install
        raise click.ClickException(f"the transformers backend is not available: {exc}") from None
    categories = [
        tb.CategoryText(id=c.id, names=dict(c.names), scopes=dict(c.scope))
        for c in taxonomy.categories
        if c.id != FALLBACK
    ]
    try:
        return tb.backend_from_settings(app.settings, categories)
    except BackendError as exc:
        raise click.ClickException(str(exc)) from None


@classify.command("eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--backend", type=click.Choice(BACKENDS), default="embedded", show_default=True)
@click.option(
    "--folds",
    type=click.IntRange(2, 20),
    default=5,
    show_default=True,
    help="Folds when the file shares notices with the training data.",
)
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one JSON line per notice: id, labels, scores.",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object with every figure.")
@pass_app
@handle_schema_errors
def eval_command(
    app: App, file: Path, backend: str, folds: int, predictions: Path | None, as_json: bool
) -> None:
    """Score FILE (JSON lines with `labels`, the format of the evaluation data)."""
    taxonomy = _loaded(lambda: taxonomy_of(app.settings))
    evaluated = _loaded(lambda: read_jsonl(file))
    _loaded(lambda: check_labels(evaluated, taxonomy.ids))
    progress = None if as_json else (lambda line: click.echo(line, err=True))
    if backend == "embedded":
        assessment = assess_embedded(
            taxonomy,
            evaluated,
            model_root(app.settings),
            reviewer=_reviewer(app),
            folds=folds,
            progress=progress,
        )
    elif backend == "rules":
        assessment = assess_with(taxonomy, evaluated, None)
    else:
        click.echo(
            "note: a trained head scores the file as it is; if the head was trained on "
            "these notices the figures are not held-out",
            err=True,
        )
        assessment = assess_with(taxonomy, evaluated, _transformers(taxonomy, app))
    if predictions:
        predictions.write_text("\n".join(assessment.prediction_lines()) + "\n", encoding="utf-8")
    if as_json:
        echo_json(assessment.report.to_dict())
        return
    _print_report(assessment)


def _print_report(assessment: Assessment) -> None:
    data = assessment.report.to_dict()
    click.echo(f"{'category':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for category, s in data["per_category"].items():
        click.echo(
            f"{category:<8} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} "
            f"{s['support']:>5} {s['predicted']:>5}"
        )
    click.echo(
        f"macro F1 {data['macro_f1']:.3f} (categories in the gold labels)   "
        f"micro F1 {data['micro_f1']:.3f}"
    )
    languages = "  ".join(f"{k} {v:.3f}" for k, v in data["per_language"].items())
    click.echo(f"per language macro F1: {languages}")
    mode = data["mode"] + (f", {data['folds']} folds" if data.get("folds") else "")
    click.echo(
        f"notices {data['n']}  coverage {data['coverage']:.3f}  "
        f"notices/s {data['notices_per_s']}  backend {data['backend']} ({mode})"
    )
