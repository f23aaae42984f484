"""`norcorpus train config|launch`: LLM Foundry YAML and the Slurm script."""

# ruff: noqa: F811  (pytest fixtures imported from tests/test_pack_support.py)
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from norcorpus.cli import main
from norcorpus.train.presets import ModelName, load_preset
from tests.test_pack_support import corpus, mds_pack, tokenizer_dir  # noqa: F401


def run(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
    captured = capsys.readouterr()
    return info.value.code, captured.out, captured.err


@pytest.fixture(scope="module")
def hf_tokenizer(tmp_path_factory, tokenizer_dir: Path) -> Path:
    """The test tokenizer with a tokenizer.json (LLM Foundry loads the HF files); vocabulary as the model."""
    import sentencepiece as spm

    out = tmp_path_factory.mktemp("hf-tok")
    for f in tokenizer_dir.iterdir():
        shutil.copy(f, out / f.name)
    sp = spm.SentencePieceProcessor(model_file=str(out / "tokenizer.model"))
    vocab = {sp.id_to_piece(i): i for i in range(sp.get_piece_size())}
    (out / "tokenizer.json").write_text(json.dumps({"model": {"type": "BPE", "vocab": vocab}, "added_tokens": []}))
    return out


@pytest.mark.parametrize("model", [m.value for m in ModelName])
def test_config_for_every_preset(tmp_path, mds_pack, hf_tokenizer, model, capsys) -> None:
    data, summary = mds_pack
    code, _, err = run(["train", "config", "--tokenizer", str(hf_tokenizer), "--data", str(data),
                          "--model", model, "--out", str(tmp_path)], capsys)
    assert code in (None, 0), err
    config = yaml.safe_load((tmp_path / f"{model}.yaml").read_text())
    seq_len = summary["seq_len"]
    assert config["max_seq_len"] == seq_len
    assert config["tokenizer"]["name"] == str(hf_tokenizer.resolve())
    for name, split, shuffle in (("train_loader", "train", True), ("eval_loader", "val", False)):
        loader = config[name]
        assert loader["name"] == "text" and loader["dataset"]["split"] == split
        assert loader["dataset"]["local"] == str(data) and loader["dataset"]["shuffle"] is shuffle
        assert loader["dataset"]["max_seq_len"] == seq_len
    assert config["precision"] == "amp_bf16"
    assert config["fsdp_config"]["sharding_strategy"] == "FULL_SHARD"
    preset = load_preset(model)
    batches = int(config["max_duration"].removesuffix("ba"))
    train_tokens = summary["splits"]["train"]["samples"] * seq_len
    assert (batches - 1) * preset.training.global_train_batch_size * seq_len < train_tokens
    if preset.family.value == "mpt":
        vocab = config["model"]["vocab_size"]
        assert config["model"]["name"] == "mpt_causal_lm"
    else:
        assert config["model"]["name"] == "hf_causal_lm" and config["model"]["pretrained"] is False
        hf = json.loads((Path(config["model"]["pretrained_model_name_or_path"]) / "config.json").read_text())
        vocab = hf["vocab_size"]
        assert hf["model_type"] == preset.model["model_type"]
        assert hf["pad_token_id"] == 3 and hf["eos_token_id"] == 2 and hf["pad_token_id"] != hf["eos_token_id"]
        assert hf["max_position_embeddings"] >= seq_len
    assert vocab >= summary["vocab_size"] and vocab % 128 == 0


def test_config_refuses_a_tokenizer_without_hf_files(tmp_path, mds_pack, tokenizer_dir, capsys) -> None:
    code, _, err = run(["train", "config", "--tokenizer", str(tokenizer_dir), "--data", str(mds_pack[0]),
                        "--model", "gpt-350m", "--out", str(tmp_path)], capsys)
    assert code == 2 and "tokenizer.json" in err


def test_config_refuses_another_tokenizers_pack(tmp_path, mds_pack, hf_tokenizer, capsys) -> None:
    other = tmp_path / "tok"
    other.mkdir()
    for f in hf_tokenizer.iterdir():
        shutil.copy(f, other / f.name)
    summary = json.loads((mds_pack[0] / "pack_summary.json").read_text())
    fake = tmp_path / "pack"
    fake.mkdir()
    (fake / "pack_summary.json").write_text(json.dumps({**summary, "tokenizer_sha256": "0" * 64}))
    code, _, err = run(["train", "config", "--tokenizer", str(other), "--data", str(fake),
                        "--model", "llama2-7b", "--out", str(tmp_path / "o")], capsys)
    assert code == 2 and "another tokenizer" in err


def test_launch_script_for_two_nodes(tmp_path, capsys) -> None:
    config = tmp_path / "gpt.yaml"
    config.write_text("max_seq_len: 64\n")
    script = tmp_path / "train.sbatch"
    code, _, err = run(["train", "launch", "--config", str(config), "--nodes", "2", "--gpus-per-node", "8",
                        "--partition", "gpu", "--out", str(script)], capsys)
    assert code in (None, 0), err
    text = script.read_text()
    assert "#SBATCH --nodes=2" in text and "#SBATCH --gpus-per-node=8" in text and "#SBATCH --partition=gpu" in text
    assert "#SBATCH --ntasks-per-node=1" in text
    assert "composer --nproc" in text and "--node_rank \"$SLURM_NODEID\"" in text
    assert 'WORLD_SIZE="$((SLURM_JOB_NUM_NODES * GPUS_PER_NODE))"' in text
    assert "scontrol show hostnames" in text and str(config.resolve()) in text
    subprocess.run(["bash", "-n", str(script)], check=True)  # valid shell

    # run it with stand-ins for Slurm's srun/scontrol and composer: what each node would execute
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "scontrol").write_text("#!/bin/bash\nprintf 'gpu-a\\ngpu-b\\n'\n")
    (bin_dir / "srun").write_text("#!/bin/bash\nshift 2\nfor n in 0 1; do SLURM_NODEID=$n \"$@\"; done\n")
    (bin_dir / "composer").write_text("#!/bin/bash\necho \"composer $*\"\n")
    for f in bin_dir.iterdir():
        f.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "SLURM_JOB_NODELIST": "gpu-[a-b]", "SLURM_JOB_NUM_NODES": "2"}
    done = subprocess.run(["bash", str(script)], env=env, capture_output=True, text=True, check=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("composer")]
    assert len(lines) == 2
    for rank, line in enumerate(lines):
        assert f"--nproc 8 --world_size 16 --node_rank {rank} --master_addr gpu-a --master_port 29500" in line
        assert line.endswith(str(config.resolve()))


def test_launch_needs_the_config(tmp_path, capsys) -> None:
    code, _, err = run(["train", "launch", "--config", str(tmp_path / "nope.yaml"), "--nodes", "2"], capsys)
    assert code == 2 and "does not exist" in err
