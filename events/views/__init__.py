"""The events app's views, one concern per module (see ``events.urls``)."""
