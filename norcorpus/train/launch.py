"""`norcorpus train launch`: a Slurm batch script that runs LLM Foundry's trainer with the composer launcher.

One Slurm task per node; on each node `composer` spawns one process per GPU. The world size, the node rank
and the master address come from Slurm at run time (SLURM_JOB_NUM_NODES, SLURM_NODEID, the first host of
SLURM_JOB_NODELIST), so the same script works for any --nodes.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class LaunchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    config: Path  # the YAML of `norcorpus train config`
    nodes: int = Field(default=1, ge=1)
    gpus_per_node: int = Field(default=8, ge=1)
    cpus_per_task: int = Field(default=64, ge=1)
    job_name: str = "norcorpus-train"
    partition: str | None = None
    account: str | None = None
    time: str = "7-00:00:00"
    master_port: int = Field(default=29500, ge=1024, le=65535)
    train_script: str = "${LLM_FOUNDRY_DIR:-llm-foundry}/scripts/train/train.py"
    setup: str | None = None  # e.g. "source ~/venvs/foundry/bin/activate"


def slurm_script(request: LaunchRequest) -> str:
    options = [
        f"--job-name={request.job_name}",
        f"--nodes={request.nodes}",
        "--ntasks-per-node=1",
        f"--gpus-per-node={request.gpus_per_node}",
        f"--cpus-per-task={request.cpus_per_task}",
        f"--time={request.time}",
        "--exclusive",
        "--output=%x-%j.out",
    ]
    if request.partition:
        options.append(f"--partition={request.partition}")
    if request.account:
        options.append(f"--account={request.account}")
    config = shlex.quote(str(request.config.resolve()))
    lines = ["#!/bin/bash", *(f"#SBATCH {o}" for o in options), "",
             "# written by `norcorpus train launch`; submit with: sbatch THIS_FILE",
             "set -euo pipefail"]
    if request.setup:
        lines.append(request.setup)
    lines += [
        "",
        "# rendezvous: the first node of the allocation is the master; every node runs one composer launcher",
        'export MASTER_ADDR="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"',
        f"export MASTER_PORT={request.master_port}",
        f"export GPUS_PER_NODE={request.gpus_per_node}",
        'export WORLD_SIZE="$((SLURM_JOB_NUM_NODES * GPUS_PER_NODE))"',
        f'export TRAIN_SCRIPT="{request.train_script}"',
        f"export CONFIG={config}",
        "",
        'echo "nodes=$SLURM_JOB_NUM_NODES world_size=$WORLD_SIZE master=$MASTER_ADDR:$MASTER_PORT"',
        "# SLURM_NODEID is read inside each task (single quotes), so every node gets its own rank",
        (
            "srun --kill-on-bad-exit=1 --export=ALL bash -c '"
            "composer --nproc \"$GPUS_PER_NODE\" --world_size \"$WORLD_SIZE\" --node_rank \"$SLURM_NODEID\" "
            "--master_addr \"$MASTER_ADDR\" --master_port \"$MASTER_PORT\" \"$TRAIN_SCRIPT\" \"$CONFIG\"'"
        ),
        "",
    ]
    return "\n".join(lines)
