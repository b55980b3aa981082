# tests/e2e/slurm.sh with `submit: srun`: trials under srun, for an
# interactive allocation, behave as batch jobs do while hpsd runs.
HPS_SLURM_SUBMIT=srun exec sh "$(dirname "$0")/slurm.sh"
