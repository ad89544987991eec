"""The bottom layer every app may use and which uses none of them: the audit trail, the environment,
import keys, live-session rules, metrics, errors and domain events."""
