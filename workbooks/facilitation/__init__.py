"""The facilitator's kit: what a facilitator uses to run a session's call (never part of a participant's workbook)."""
