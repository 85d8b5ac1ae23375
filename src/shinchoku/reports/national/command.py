"""The ``shinchoku opendata`` command: the national entries file (every published entry of every
city) written to a file or to standard output, round by round.

Building the parser needs no Django; :func:`run` imports the export when Django is set up.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    """Add ``opendata`` to ``commands``; the caller sets its handler."""
    opendata = commands.add_parser(
        "opendata", help="全自治体の公表済みの評価を1つのオープンデータ(CSV・JSON Lines)に書き出す"
    )
    opendata.add_argument(
        "--format", choices=["csv", "jsonl"], default="csv", help="形式: csv または jsonl(既定: csv)"
    )
    opendata.add_argument(
        "-o", "--out", help="書き出すファイル。- なら標準出力(既定: 現在のフォルダに all_entries.csv など)"
    )
    opendata.add_argument("--no-bom", action="store_true", help="CSV の先頭に BOM を付けない")
    return opendata


def run(args: argparse.Namespace) -> int:
    """Write the file; 0 when written, 2 when the file cannot be opened."""
    from shinchoku.reports.national.export import FILE_NAMES, chunks

    stream = chunks(args.format, bom=not args.no_bom)
    if args.out == "-":
        for chunk in stream:
            sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
        return 0
    out = Path(args.out or FILE_NAMES[args.format])
    try:
        with out.open("wb") as file:
            for chunk in stream:
                file.write(chunk)
    except OSError as error:
        print(
            f"エラー: {out} に書き出せません({error.strerror})。"
            "書き込めるフォルダとファイル名を指定してください。",
            file=sys.stderr,
        )
        return 2
    print(f"全自治体の公表済みの評価({args.format})を {out} に書き出しました。")
    return 0
