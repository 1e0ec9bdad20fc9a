"""The consultations app's views, one concern per module (see ``consultations.urls``)."""
