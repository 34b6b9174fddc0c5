"""The README documents every CLI command, every setting and every Slack entry point in the manifests."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from bot.cli import build_parser
from bot.settings import Settings
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


COMMAND_BLOCK = re.compile(r"^## The command line\s+```sh\n(.*?)^```", re.S | re.M)
INLINE_COMMAND = re.compile(r"`(newsbot [^`]+)`")


def documented_commands(readme: str) -> list[str]:
    """Each `newsbot …` line of the README's command-line block (comments cut), then every inline
    `newsbot …` code span of the text."""
    block = COMMAND_BLOCK.search(readme)
    assert block, "README has no ```sh block under '## The command line'"
    lines = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines()]
    found = [line for line in lines if line.startswith("newsbot ")] + INLINE_COMMAND.findall(readme)
    return list(dict.fromkeys(found))


def subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
    return sub


def unknown_parts(line: str, parser: argparse.ArgumentParser) -> list[str]:
    """What a documented command names that the parser does not have: the subcommand, a flag, or a
    value outside a positional's choices (`newsbot db upgrade`). Brackets mark optional parts."""
    _, command, *rest = [token.strip("[]") for token in line.split()] + [""]
    sub = subparsers(parser).choices.get(command)
    if sub is None:
        return [f"subcommand {command!r}"]
    flags = sub._option_string_actions  # noqa: SLF001 - argparse has no public API for this
    named = [t for t in rest if t.startswith("-") and t != "-"]  # "-" alone is standard input
    problems = [f"{command} {t}" for t in named if t.split("=")[0] not in flags]
    chosen = [a for a in sub._get_positional_actions() if a.choices]  # noqa: SLF001
    bare = [t for t in rest if t and not t.startswith("-")]
    if chosen and (not bare or bare[0] not in chosen[0].choices):
        given = bare[0] if bare else "(nothing)"
        problems.append(f"{command} {given}: not one of {sorted(chosen[0].choices)}")
    return problems


@pytest.mark.parametrize("line", documented_commands(README))
def test_docs_every_documented_command_and_flag_exists(line):
    assert unknown_parts(line, build_parser()) == []


def test_docs_every_command_is_documented_with_help():
    documented = {line.split()[1] for line in documented_commands(README)}
    sub = subparsers(build_parser())
    helps = {action.dest: action.help for action in sub._choices_actions}  # noqa: SLF001
    assert set(sub.choices) <= documented
    assert all(helps[name] for name in sub.choices), helps


FAKE_README = """# tool

## The command line

```sh
newsbot analyze seeds/ --json               # real
newsbot analyze page.html --made-up-flag    # a flag that does not exist
newsbot serve [--port N] [--sockets]        # a misspelt optional flag
newsbot frobnicate                          # no such subcommand
newsbot db downgrade                        # not one of the choices
```

Or in a sentence: `newsbot digest --since 2026-01-01 --colour`.
"""


def test_docs_check_fails_on_made_up_commands_and_flags():
    parser = build_parser()
    found = {line: unknown_parts(line, parser) for line in documented_commands(FAKE_README)}
    assert found == {
        "newsbot analyze seeds/ --json": [],
        "newsbot analyze page.html --made-up-flag": ["analyze --made-up-flag"],
        "newsbot serve [--port N] [--sockets]": ["serve --sockets"],
        "newsbot frobnicate": ["subcommand 'frobnicate'"],
        "newsbot db downgrade": ["db downgrade: not one of ['upgrade']"],
        "newsbot digest --since 2026-01-01 --colour": ["digest --colour"],
    }


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
