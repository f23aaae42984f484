"""How much of the LID dev error is label noise: dev rows labelled sme that both this model and an
independent identifier (py3langid) read as another language. Prints JSON.

    python benchmarks/lid_label_noise.py [--model PATH] [--min-prob 0.5] [--data ../shared/data]

Needs the `bench` extra (py3langid). The rows it sets aside are listed, so that a person can check them; the
model card's dev figures are always on the whole dev split.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from norcorpus.langs import to_lang
from norcorpus.lid.evaluate import evaluate
from norcorpus.lid.model import LidModel

GROUPS = {"nob/nno/sme": ["nob", "nno", "sme"]}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--min-prob", type=float, default=0.5)
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    args = parser.parse_args()
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    with gzip.open(args.data / "lid" / "dev.tsv.gz", "rt", encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t")[:2] for line in handle if "\t" in line]
    model = LidModel.load(args.model) if args.model else LidModel.load()
    gold = [label for label, _ in rows]
    pred = [lang.value for lang, _ in model.predict_many([text for _, text in rows])]
    set_aside = []
    for i, ((label, text), ours) in enumerate(zip(rows, pred, strict=True)):
        if label != "sme" or ours == "sme":
            continue
        theirs, prob = ident.classify(text)
        other = to_lang(theirs).value
        if other not in ("sme", "und") and prob >= args.min_prob:
            set_aside.append(
                {"row": i, "ours": ours, "py3langid": other, "prob": round(prob, 3), "text": text}
            )
    drop = {r["row"] for r in set_aside}
    keep = [i for i in range(len(rows)) if i not in drop]
    print(
        json.dumps(
            {
                "dev_rows": len(rows),
                "sme_rows_not_predicted_sme": sum(
                    1 for g, p in zip(gold, pred, strict=True) if g == "sme" and p != "sme"
                ),
                "set_aside": len(set_aside),
                "set_aside_by_py3langid_label": dict(
                    Counter(r["py3langid"] for r in set_aside).most_common()
                ),
                "macro_f1_all": evaluate(gold, pred, GROUPS).to_json()["macro_f1"],
                "macro_f1_without_set_aside": evaluate(
                    [gold[i] for i in keep], [pred[i] for i in keep], GROUPS
                ).to_json()["macro_f1"],
                "rows": set_aside,
            },
            ensure_ascii=False,
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
