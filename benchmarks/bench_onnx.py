"""ONNX int8 vs torch embedding: texts/s on short and 200-word texts, cosine to the torch vectors.

.venv/bin/python benchmarks/bench_onnx.py     # writes benchmarks/results/onnx.{json,md}
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher.embed.embedding import SentenceTransformerEmbedder
from matcher.embed.onnx_backend import OnnxEmbedder

OUT = Path(__file__).resolve().parent / "results"
WORDS = [
    "städning",
    "lokalvård",
    "kock",
    "storkök",
    "lager",
    "truck",
    "chaufför",
    "svetsare",
    "snickare",
    "undersköterska",
    "hemtjänst",
    "barnskötare",
    "förskola",
    "kassa",
    "butik",
    "kundservice",
    "målare",
    "bagare",
    "montör",
    "elektriker",
    "erfarenhet",
    "år",
    "svenska",
    "körkort",
    "arbetat",
    "ansvar",
]


def texts(n: int, words: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, words)) + f" {i}." for i in range(n)]


def rate(embedder: object, batch: list[str]) -> tuple[float, np.ndarray]:
    encode = embedder.encode_documents  # type: ignore[attr-defined]
    encode(batch[:16])  # warm-up
    t = time.perf_counter()
    vectors = encode(batch)
    return len(batch) / (time.perf_counter() - t), vectors


def main() -> None:
    logging.disable(logging.WARNING)
    torch_e, onnx_e = SentenceTransformerEmbedder(), OnnxEmbedder()
    rows = []
    for name, batch in (("short (8 words)", texts(512, 8, 1)), ("200 words", texts(128, 200, 2))):
        torch_rate, tv = rate(torch_e, batch)
        onnx_rate, ov = rate(onnx_e, batch)
        cos = (tv * ov).sum(axis=1)
        rows.append(
            {
                "texts": name,
                "n": len(batch),
                "torch_texts_per_s": round(torch_rate, 1),
                "onnx_int8_texts_per_s": round(onnx_rate, 1),
                "speedup": round(onnx_rate / torch_rate, 2),
                "cosine_min": round(float(cos.min()), 4),
                "cosine_mean": round(float(cos.mean()), 4),
            }
        )
    OUT.mkdir(exist_ok=True)
    (OUT / "onnx.json").write_text(
        json.dumps({"model_id": onnx_e.model_id, "results": rows}, indent=2) + "\n"
    )
    lines = [
        "# ONNX int8 vs torch (CPU)",
        "",
        "| texts | n | torch texts/s | ONNX int8 texts/s | speed-up | cosine min | cosine mean |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['texts']} | {r['n']} | {r['torch_texts_per_s']} | {r['onnx_int8_texts_per_s']} | "
        f"{r['speedup']}× | {r['cosine_min']} | {r['cosine_mean']} |"
        for r in rows
    ]
    (OUT / "onnx.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
