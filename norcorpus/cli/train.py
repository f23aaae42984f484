"""`norcorpus train config|launch`: LLM Foundry YAML and a Slurm script for training on packed MDS data."""

from __future__ import annotations

from pathlib import Path

import typer

from norcorpus.errors import ConfigError
from norcorpus.train.config import TrainConfigRequest, write_train_config
from norcorpus.train.launch import LaunchRequest, slurm_script
from norcorpus.train.presets import ModelName

train_app = typer.Typer(
    help="LLM Foundry / Composer training configs and launch scripts for packed data.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)


@train_app.command("config")
def config_command(
    tokenizer: Path = typer.Option(..., "--tokenizer", help="Tokenizer directory (tokenizer.model + HF files)."),
    data: str = typer.Option(..., "--data", help="The pack directory (--out of `norcorpus pack`); with --remote, "
                             "the local cache directory."),
    model: ModelName = typer.Option(..., "--model", help="Model preset (manifests/train/)."),
    out: Path = typer.Option(Path("train-configs"), "--out", help="Directory for MODEL.yaml (and MODEL-hf/)."),
    remote: str | None = typer.Option(None, "--remote", help="Where the pack was uploaded (s3://..., gs://...)."),
    run_name: str | None = typer.Option(None, "--run-name", help="Run name (default norcorpus-MODEL)."),
    seed: int = typer.Option(17, "--seed", help="Training and data shuffle seed."),
    epochs: float = typer.Option(1.0, "--epochs", help="Passes over the packed training split."),
    save_folder: str | None = typer.Option(None, "--save-folder", help="Checkpoint folder (local or remote)."),
) -> None:
    """Write an LLM Foundry training YAML for a preset model on a packed corpus."""
    request = TrainConfigRequest(tokenizer=tokenizer, data=data, model=model, out=out, remote=remote,
                                 run_name=run_name, seed=seed, epochs=epochs, save_folder=save_folder)
    result = write_train_config(request)
    typer.echo(f"wrote {result.yaml_path}" + (f" and {result.hf_config_dir}/config.json" if result.hf_config_dir
                                                else ""))


@train_app.command("launch")
def launch_command(
    config: Path = typer.Option(..., "--config", help="The YAML written by `norcorpus train config`."),
    nodes: int = typer.Option(1, "--nodes", min=1, help="Slurm nodes."),
    gpus_per_node: int = typer.Option(8, "--gpus-per-node", min=1, help="GPUs (composer processes) per node."),
    out: Path | None = typer.Option(None, "--out", help="Write the sbatch script here (default: stdout)."),
    partition: str | None = typer.Option(None, "--partition", help="Slurm partition."),
    account: str | None = typer.Option(None, "--account", help="Slurm account."),
    time: str = typer.Option("7-00:00:00", "--time", help="Slurm time limit."),
    job_name: str = typer.Option("norcorpus-train", "--job-name", help="Slurm job name."),
    setup: str | None = typer.Option(None, "--setup", help="Shell line run first (activate the environment)."),
    train_script: str = typer.Option("${LLM_FOUNDRY_DIR:-llm-foundry}/scripts/train/train.py", "--train-script",
                                     help="LLM Foundry's train.py."),
) -> None:
    """Write a Slurm sbatch script that trains with the composer launcher on N nodes."""
    if not config.is_file():
        raise ConfigError(f"training config {config} does not exist", hint="write it with `norcorpus train config`")
    script = slurm_script(LaunchRequest(config=config, nodes=nodes, gpus_per_node=gpus_per_node,
                                        partition=partition, account=account, time=time, job_name=job_name,
                                        setup=setup, train_script=train_script))
    if out is None:
        typer.echo(script, nl=False)
        return
    out.write_text(script)
    out.chmod(0o755)
    typer.echo(f"wrote {out}: sbatch {out}")
