"""The README documents every CLI command, every setting and every Slack entry point in the manifests."""

from __future__ import annotations

import json

import pytest

from bot.cli import build_parser
from bot.settings import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, str]:
    parser = build_parser()
    (sub,) = [a for a in parser._actions if a.dest == "command"]  # noqa: SLF001 - argparse has no public API
    return {name: action.description or action.format_help() for name, action in sub.choices.items()}


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_docs_cli_command_documented_with_help(command):
    assert f"newsbot {command}" in README
    assert _subcommands()[command].strip()


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_docs_every_setting_in_the_readme(field):
    info = Settings.model_fields[field]
    name = info.validation_alias if isinstance(info.validation_alias, str) else f"NEWSBOT_{field.upper()}"
    assert f"`{name}`" in README


@pytest.mark.parametrize("manifest", ["manifest.http.json", "manifest.socket.json"])
def test_docs_manifest_entry_points_in_the_readme(manifest):
    features = json.loads((ROOT / "config" / manifest).read_text(encoding="utf-8"))["features"]
    for command in features.get("slash_commands", []):
        assert command["command"] in README
    for shortcut in features.get("shortcuts", []):
        assert shortcut["name"] in README
