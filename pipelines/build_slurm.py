"""Build a corpus version on a Slurm cluster with datatrove's SlurmPipelineExecutor.

    python pipelines/build_slurm.py V3 --out /shared/corpora --partition cpu --venv /shared/venvs/norcorpus

Each build stage becomes a Slurm job array that depends on the previous one. When the last array has
finished, run `norcorpus build V3 --out /shared/corpora` once on any node: every task is already complete,
so it only checks the stages and writes stats.json and manifest.lock.json. `--out` must be a filesystem
that every node sees.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from datatrove.executor.slurm import SlurmPipelineExecutor

from norcorpus.versions.build import plan_build
from norcorpus.versions.catalog import resolve_manifest
from norcorpus.versions.manifest import load_manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("version", help="V1, V2, V3 or a MANIFEST.yaml")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--partition", required=True)
    parser.add_argument("--venv", help="virtual environment to activate in the jobs")
    parser.add_argument("--time", default="24:00:00")
    parser.add_argument("--workers", type=int, default=-1, help="tasks running at once (default: all)")
    args = parser.parse_args()

    plan = plan_build(load_manifest(resolve_manifest(args.version)), args.out)
    plan.prepare()
    previous = None
    for stage in plan.stages():
        previous = SlurmPipelineExecutor(
            pipeline=stage.pipeline,
            tasks=stage.tasks,
            workers=args.workers,
            time=args.time,
            partition=args.partition,
            job_name=f"norcorpus-{plan.manifest.version}-{stage.name}",
            logging_dir=str(stage.logging_dir),
            venv_path=args.venv,
            cpus_per_task=1,
            mem_per_cpu_gb=4,
            depends=previous,
        )
    previous.run()  # submits the whole chain
    print(f"submitted; when it has finished: norcorpus build {args.version} --out {args.out}")


if __name__ == "__main__":
    main()
