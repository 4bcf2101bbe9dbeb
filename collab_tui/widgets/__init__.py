"""The explorer's widgets: display only; the data comes from collab_tui.details."""
