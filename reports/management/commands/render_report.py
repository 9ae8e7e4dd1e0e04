"""Render one report to files, at once, for cron jobs and for checking a report by hand.

    manage.py render_report monthly --network sinpraethong --month 2550-10 --output report.pdf
    manage.py render_report minutes --network sinpraethong --meeting 10/2550 --output m.pdf
    manage.py render_report welfare-board --network sinpraethong --programme 3 \\
        --as-of 31/10/2550 --output board.pdf --xlsx board.xlsx

Any registered kind, through its own ``parse`` and ``render``: no archive row, no
task queue. Files are written whole or not at all (a temporary file beside the
target, renamed over it), so a cron job never mails half a report. Every mistake
in the arguments is one line on stderr and a non-zero exit status.
"""

from __future__ import annotations

import functools
import os
import tempfile
import time
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.imports.files import Sheet, write_workbook
from core.reporting import Rendered, ReportKind, report_kinds
from network.models import Network
from reports.services import LANGUAGES, kind_or_error, parse_params, tables_xlsx

# An error's own text can hold a traceback or an SQL statement: one line, and not a page.
ERROR_CHARS = 300


def _one_line_error(parser: CommandParser, message: str) -> NoReturn:
    """argparse's error without the usage above it: cron mail and scripts want one line."""
    if parser.called_from_command_line:
        parser.exit(2, f"{parser.prog}: error: {message}\n")
    raise CommandError(f"Error: {message}")


def _one_line(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= ERROR_CHARS else text[: ERROR_CHARS - 1] + "…"


def _cannot_write(path: Path, error: OSError) -> CommandError:
    return CommandError(
        _("Cannot write %(path)s: %(reason)s.")
        % {"path": path, "reason": error.strerror or error.__class__.__name__}
    )


class AtomicOutput:
    """A file written in full or not at all: a temporary file in the same folder,
    renamed over the target only once everything is written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            if path.is_dir():
                raise IsADirectoryError(21, os.strerror(21))
            # The same folder, so that the rename stays on one file system and is atomic.
            handle, name = tempfile.mkstemp(
                prefix=f".{path.name}.", suffix=".part", dir=path.parent
            )
        except OSError as error:
            raise _cannot_write(path, error) from None
        os.close(handle)
        self.temporary: Path | None = Path(name)

    def write(self, content: bytes) -> None:
        """Write the whole content to the temporary file and flush it to the disk."""
        assert self.temporary is not None
        try:
            with self.temporary.open("wb") as file:
                file.write(content)
                file.flush()
                os.fsync(file.fileno())
        except OSError as error:
            raise _cannot_write(self.path, error) from None

    def commit(self) -> None:
        """Put the finished file in place of the target, with the usual permissions."""
        assert self.temporary is not None
        try:
            # mkstemp makes the file private (0600); a report gets what a new file would.
            try:
                mode = self.path.stat().st_mode & 0o777
            except FileNotFoundError:
                umask = os.umask(0o022)
                os.umask(umask)
                mode = 0o666 & ~umask
            self.temporary.chmod(mode)
            self.temporary.replace(self.path)
        except OSError as error:
            raise _cannot_write(self.path, error) from None
        self.temporary = None

    def discard(self) -> None:
        """Remove the temporary file, if it is still there."""
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)
            self.temporary = None


def _kind_keys() -> str:
    """The registered kinds, for the help and for the error that names them."""
    return ", ".join(sorted(kind.key for kind in report_kinds()))


def _flag(name: str) -> str:
    """A parameter's option on the command line: as_of is --as-of."""
    return "--" + name.replace("_", "-")


def _parameter_names() -> list[str]:
    """Every parameter some kind takes, each an option of the command (--month …)."""
    names: list[str] = []
    for kind in report_kinds():
        names.extend(name for name in kind.params if name not in names)
    return names


class Command(BaseCommand):
    """Render a report synchronously to a PDF (and its tables to an Excel workbook)."""

    help = (
        "Render a report of a network to a PDF file at once, without the archive or the "
        "task queue, e.g. render_report monthly --network sinpraethong --month 2550-10 "
        "--output report.pdf"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """The usual parser, whose errors are one line."""
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.error = functools.partial(_one_line_error, parser)  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        """KIND, the network, each kind's parameters, the language and the files."""
        parser.add_argument("kind", metavar="KIND", help=f"the report: {_kind_keys()}")
        parser.add_argument("--network", metavar="SLUG", help="the network's short name")
        hints = {
            "month": "the month, BE or CE: 2550-10, 2007-10, 10/2550",
            "meeting": "the meeting's number and year (10/2550) or its id",
            "programme": "the welfare programme's id, or its name and year",
            "application": "the welfare application's id (grant-letter)",
            "disbursement": "the welfare payment's id (receipt)",
            "as_of": "the day the figures stand at (its end), BE or CE; default: now",
        }
        for name in _parameter_names():
            parser.add_argument(
                _flag(name),
                dest=name,
                metavar=name.upper(),
                help=hints.get(name, f"the report's {name}"),
            )
        # Checked in handle(), not by argparse choices: a mistake is then one clear line.
        parser.add_argument(
            "--lang", default="th", metavar="th|en", help="the report's language (default th)"
        )
        parser.add_argument("--output", "-o", metavar="FILE", help="the PDF file to write")
        parser.add_argument("--xlsx", metavar="FILE", help="also write the tables to this workbook")

    def handle(self, *args: Any, **options: Any) -> None:
        """Check every argument, render, write the files whole, print one line."""
        language = options["lang"]
        if language not in LANGUAGES:
            raise CommandError(
                _("The language must be th or en, not “%(lang)s”.") % {"lang": language}
            )
        # Messages speak the operator's language; the report is in --lang.
        self._render(language, options)

    def _render(self, language: str, options: dict[str, Any]) -> None:
        kind = self._kind(options["kind"])
        raw = self._raw_params(kind, options)
        outputs = self._outputs(options["output"], options["xlsx"])
        try:
            network = self._network(options["network"])
            params = self._params(kind, network, raw)
            started = time.perf_counter()
            rendered = self._run(kind, network, params, language, options)
            seconds = time.perf_counter() - started
            contents = [rendered.pdf]
            if len(outputs) > 1:
                contents.append(self._workbook(rendered))
            for output, content in zip(outputs, contents, strict=True):
                output.write(content)
            for output in outputs:
                output.commit()
        finally:
            for output in outputs:
                output.discard()
        line = ngettext(
            "%(title)s: %(pages)s page, %(size)s bytes in %(seconds)s s, written to %(path)s",
            "%(title)s: %(pages)s pages, %(size)s bytes in %(seconds)s s, written to %(path)s",
            rendered.pages,
        ) % {
            "title": rendered.title,
            "pages": rendered.pages,
            "size": f"{len(rendered.pdf):,}",
            "seconds": f"{seconds:.2f}",
            "path": outputs[0].path,
        }
        if len(outputs) > 1:
            line += " + " + str(outputs[1].path)
        self.stdout.write(line)

    @staticmethod
    def _kind(key: str) -> ReportKind:
        try:
            return kind_or_error(key)
        except ValidationError as error:
            raise CommandError(
                " ".join(error.messages) + " " + _("Reports: %(kinds)s.") % {"kinds": _kind_keys()}
            ) from None

    @staticmethod
    def _raw_params(kind: ReportKind, options: dict[str, Any]) -> dict[str, str]:
        given = {name: options[name] for name in _parameter_names() if options[name] is not None}
        for name in given:
            if name not in kind.params:
                takes = ", ".join(_flag(param) for param in kind.params) or _("no parameters")
                raise CommandError(
                    _("The report “%(kind)s” does not take --%(param)s: it takes %(takes)s.")
                    % {"kind": kind.key, "param": _flag(name).removeprefix("--"), "takes": takes}
                )
        return given

    @staticmethod
    def _outputs(output: str | None, xlsx: str | None) -> list[AtomicOutput]:
        if not output:
            raise CommandError(_("Give the PDF file to write with --output FILE."))
        paths = [Path(output)] + ([Path(xlsx)] if xlsx else [])
        if len(paths) > 1 and paths[0].resolve() == paths[1].resolve():
            raise CommandError(_("--output and --xlsx must be two different files."))
        outputs: list[AtomicOutput] = []
        try:
            for path in paths:
                outputs.append(AtomicOutput(path))
        except CommandError:
            for created in outputs:
                created.discard()
            raise
        return outputs

    @staticmethod
    def _network(slug: str | None) -> Network:
        if not slug:
            raise CommandError(_("Give the network with --network SLUG."))
        network = Network.objects.filter(slug=slug).first()
        if network is None:
            raise CommandError(_("There is no network “%(slug)s”.") % {"slug": slug})
        return network

    @staticmethod
    def _params(kind: ReportKind, network: Network, raw: dict[str, str]) -> dict[str, Any]:
        try:
            return parse_params(kind, network, raw)
        except ValidationError as error:
            message = _one_line(" ".join(error.messages))
            missing = [
                _flag(name)
                for name in kind.params
                if name not in raw and name not in kind.optional_params
            ]
            if missing:
                message = _("The report “%(kind)s” needs %(options)s: %(error)s") % {
                    "kind": kind.key,
                    "options": ", ".join(missing),
                    "error": message,
                }
            raise CommandError(message) from None

    def _run(
        self,
        kind: ReportKind,
        network: Network,
        params: dict[str, Any],
        language: str,
        options: dict[str, Any],
    ) -> Rendered:
        def progress(percent: int, step: str) -> None:
            if options["verbosity"] >= 2:
                self.stderr.write(f"{percent:3d}% {step}")

        try:
            with translation.override(language):
                return kind.render(network, params, language, progress)
        except Exception as error:
            if options["traceback"]:
                raise
            raise CommandError(
                _("The report could not be made: %(error)s")
                % {"error": _one_line(f"{error.__class__.__name__}: {error}")}
            ) from None

    @staticmethod
    def _workbook(rendered: Rendered) -> bytes:
        workbook = tables_xlsx(list(rendered.tables))
        if workbook is None:
            # A cron job that asked for a workbook finds one, even for a report without tables.
            workbook = write_workbook(
                [Sheet(title=rendered.title, headers=[_("This report has no tables.")], rows=[])]
            )
        return workbook
