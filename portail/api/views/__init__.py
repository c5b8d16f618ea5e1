"""The API's views, by part of the domain: each parses, fetches through `visible_to()`, calls one service."""
