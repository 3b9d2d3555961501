"""Background triage work that needs no ticket: retraining the local model."""

from __future__ import annotations

import logging

from celery import shared_task

from support_desk.core.jobs import RecordedTask

logger = logging.getLogger(__name__)


@shared_task(base=RecordedTask, name="triage.retrain_local_model", max_retries=2)
def retrain_local_model() -> str:
    """Retrain the local model on the public data plus the team's corrections."""
    from support_desk.triage.local.pipeline import train_and_publish
    from support_desk.triage.local.store import configured_model_dir
    from support_desk.triage.settings import team_examples

    team = list(team_examples())
    model = train_and_publish(configured_model_dir(), team)
    logger.info("local triage model retrained", extra={"version": model.version, "team_examples": len(team)})
    return model.version
