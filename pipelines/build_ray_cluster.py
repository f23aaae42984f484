"""Build a corpus version on a multi-node Ray cluster with datatrove's RayPipelineExecutor (norcorpus's
subclass of it, which only adds per-task garbage-collector settings).

    # on the head node                     # on every other node
    ray start --head --port=6379            ray start --address=HEAD_IP:6379
    python pipelines/build_ray_cluster.py V3 --out /shared/corpora --address auto --cpus-per-task 1

`--out` must be a filesystem every node sees (NFS, Lustre; or s3:// once the corpus writer is pointed
there). This is what `norcorpus build V3 --executor ray --ray-address auto` does, spelled out with the
per-task resources a cluster operator tunes.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import ray

from norcorpus.versions.build import plan_build
from norcorpus.versions.catalog import resolve_manifest
from norcorpus.versions.manifest import load_manifest
from norcorpus.versions.ray_executor import TunedRayPipelineExecutor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("version", help="V1, V2, V3 or a MANIFEST.yaml")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--address", default="auto", help="Ray cluster address")
    parser.add_argument("--workers", type=int, default=-1, help="tasks running at once (default: all)")
    parser.add_argument("--cpus-per-task", type=int, default=1)
    parser.add_argument("--mem-per-cpu-gb", type=float, default=2)
    args = parser.parse_args()

    ray.init(address=args.address, log_to_driver=False)
    plan = plan_build(load_manifest(resolve_manifest(args.version)), args.out)
    plan.prepare()
    for stage in plan.stages():
        TunedRayPipelineExecutor(
            pipeline=stage.pipeline,
            tasks=stage.tasks,
            workers=args.workers,
            logging_dir=str(stage.logging_dir),
            cpus_per_task=args.cpus_per_task,
            mem_per_cpu_gb=args.mem_per_cpu_gb,
        ).run()
        plan.check_complete(stage)
    result = plan.finalize()
    print(f"{plan.manifest.version}: {result.stats['totals']['kept']} documents kept → {result.version_dir}")


if __name__ == "__main__":
    main()
