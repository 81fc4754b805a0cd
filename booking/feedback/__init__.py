"""Feedback: forms with the partnership's own scales, responses from the people who attended,
summaries as a board report shows them, exports, and certificates of attendance."""
